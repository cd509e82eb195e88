import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { onceOrThrow, type Claim } from "../../scheduler/ledger.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import type { Reply } from "../../slack/reply.ts";
import { holdersOf } from "../roles/store.ts";

/**
 * DMs the team's managers (or, with none, whoever set the rotation), once per
 * `key` in the ledger. Pushes one line to `sent` when it ran.
 */
export async function tellManagers(
  deps: Deps,
  input: {
    slack: WebClient;
    teamId: string;
    fallback: string | null;
    key: Claim;
    reply: Reply;
    about: string;
  },
  sent: string[],
): Promise<void> {
  const { teamId, key, reply, about } = input;
  const outcome = await onceOrThrow(
    deps.db,
    key,
    async (started) => {
      const managers = await holdersOf(deps.db, teamId, "manager");
      const recipients = managers.length > 0 ? managers : input.fallback ? [input.fallback] : [];
      if (!(await started())) return null;
      const told: string[] = [];
      let firstError: unknown = null;
      for (const userId of recipients) {
        try {
          await sendDirectMessage(input.slack, userId, reply);
          told.push(userId);
        } catch (error) {
          firstError ??= error;
          deps.logger.warn(`could not tell ${userId} that ${about}: ${String(error)}`);
        }
      }
      // Nobody reached: give the notice back (or record it failed) like any send.
      if (told.length === 0 && firstError !== null) throw firstError;
      return `${teamId}: told ${told.join(", ") || "nobody (no manager)"} that ${about}`;
    },
    (line) => line ?? undefined,
  );
  if (outcome.ran && outcome.value) sent.push(outcome.value);
}
