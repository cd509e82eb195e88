import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { classifySlackError } from "../../slack/errors.ts";
import { once, type Claim } from "../../scheduler/ledger.ts";
import type { Reply } from "../../slack/reply.ts";
import { sendDirectMessage } from "../../slack/send.ts";
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
  const outcome = await once(
    deps.db,
    key,
    async () => {
      const managers = await holdersOf(deps.db, teamId, "manager");
      const recipients = managers.length > 0 ? managers : input.fallback ? [input.fallback] : [];
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
    isTransientSlackFailure,
    (line) => line,
  );
  if (outcome.ran) sent.push(outcome.value);
}

/**
 * The one classification (src/slack/errors.ts) as the ledger asks for it:
 * only a transient failure (Slack certainly did nothing) gives a claim back
 * for a later tick; permanent and ambiguous ones are recorded and not repeated.
 */
export function isTransientSlackFailure(error: unknown): boolean {
  return classifySlackError(error) === "transient";
}
