import { ackThenWork } from "../../slack/busy.ts";
import type { SlackRoutes } from "../../slack/router.ts";
import type { Deps } from "../../deps.ts";
import { langOf } from "../../i18n/language.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { suggestionsText } from "./messages.ts";
import { createSuggestion } from "./store.ts";
import { MAX_WHY_LENGTH, parseSuggest } from "./suggest.ts";

/**
 * `/suggest <url> [why]`: anyone (a curator above all) suggests content;
 * creators and managers find it in App Home with "Propose this".
 */
export function registerSuggestions(routes: SlackRoutes, deps: Deps): void {
  routes.command("/suggest", async ({ command, body, ack, respond, client }) => {
    // Its work waits for a running slot detached from this listener (src/slack/busy.ts).
    return ackThenWork(body, ack, async () => {
      const lang = await langOf(deps, client, command.team_id, command.user_id);
      const t = suggestionsText(lang);
      const parsed = parseSuggest(command.text);
      if (!parsed.ok) {
        const line =
          parsed.problem === "url"
            ? t.badUrl(parsed.given)
            : parsed.problem === "why"
              ? t.whyTooLong(MAX_WHY_LENGTH, parsed.length)
              : t.usage;
        return replyPrivately(respond, line);
      }
      const saved = await createSuggestion(deps.db, {
        teamId: command.team_id,
        userId: command.user_id,
        ...parsed.value,
        // One trigger_id per typed command: a replay of the same request saves nothing.
        claim: `command:/suggest:${command.trigger_id}`,
      });
      // A repeated delivery: the first one saved it and answered.
      if (!saved) return;
      await replyPrivately(respond, t.saved(saved.id, saved.url));
    });
  });
}
