import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { onceOrThrow, type Claim } from "../../scheduler/ledger.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import { langsOf } from "../../i18n/language.ts";
import type { Reply } from "../../slack/reply.ts";
import { holdersOf } from "../roles/store.ts";
import { webcareText, type WebcareMessages } from "./messages.ts";

/**
 * DMs the team's managers (or, with none, whoever set the rotation), once per
 * `key` in the ledger, each in their own language. Pushes one line to `sent`
 * when it ran.
 */
export async function tellManagers(
  deps: Deps,
  input: {
    slack: WebClient;
    teamId: string;
    fallback: string | null;
    key: Claim;
    reply: (t: WebcareMessages) => Reply;
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
      const langs = await langsOf(deps, input.slack, teamId, recipients);
      if (!(await started())) return null;
      const told: string[] = [];
      let firstError: unknown = null;
      for (const userId of recipients) {
        try {
          await sendDirectMessage(
            input.slack,
            userId,
            reply(webcareText(langs.get(userId) ?? "en")),
          );
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
