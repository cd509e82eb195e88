import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { SlackRoutes } from "../../slack/router.ts";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { isValidLocalDate } from "../../shared/local-date.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { askForCover, takeCover } from "./cover-requests.ts";
import { langOf } from "../../i18n/language.ts";
import { webcareText } from "./messages.ts";
import { WEBCARE_ACTIONS } from "./views.ts";

const AskValue = z.string().refine(isValidLocalDate);
const TakeValue = z.coerce.number().int().positive();

/** The webcare buttons: Ask for cover (reminders) and I'll cover (requests). */
export function registerWebcareActions(routes: SlackRoutes, deps: Deps): void {
  routes.action<BlockAction<ButtonAction>>(
    WEBCARE_ACTIONS.askCover,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const date = AskValue.safeParse(action.value);
      const teamId = body.team?.id;
      if (!teamId) return replyPrivately(respond, webcareText("en").requestGone);
      // The answer is the clicker's alone: in their language.
      const lang = await langOf(deps, client, teamId, body.user.id);
      if (!date.success) return replyPrivately(respond, webcareText(lang).requestGone);
      const reply = await askForCover(deps, client, {
        teamId,
        askerId: body.user.id,
        date: date.data,
        lang,
      });
      await replyPrivately(respond, reply);
    },
  );

  routes.action<BlockAction<ButtonAction>>(
    WEBCARE_ACTIONS.takeCover,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const requestId = TakeValue.safeParse(action.value);
      const teamId = body.team?.id;
      if (!teamId) return replyPrivately(respond, webcareText("en").requestGone);
      const lang = await langOf(deps, client, teamId, body.user.id);
      if (!requestId.success) return replyPrivately(respond, webcareText(lang).requestGone);
      const answer = await takeCover(deps, {
        teamId,
        clickerId: body.user.id,
        requestId: requestId.data,
        lang,
      });
      if (answer) await replyPrivately(respond, answer);
    },
  );
}
