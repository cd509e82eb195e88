import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { isValidLocalDate } from "../../shared/local-date.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { askForCover, takeCover } from "./cover-requests.ts";
import { webcareText } from "./messages.ts";
import { WEBCARE_ACTIONS } from "./views.ts";

const AskValue = z.string().refine(isValidLocalDate);
const TakeValue = z.coerce.number().int().positive();

/** The webcare buttons: Ask for cover (reminders) and I'll cover (requests). */
export function registerWebcareActions(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(
    WEBCARE_ACTIONS.askCover,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const date = AskValue.safeParse(action.value);
      const teamId = body.team?.id;
      if (!date.success || !teamId) return replyPrivately(respond, webcareText.requestGone);
      const reply = await askForCover(deps, client, {
        teamId,
        askerId: body.user.id,
        date: date.data,
      });
      await replyPrivately(respond, reply);
    },
  );

  app.action<BlockAction<ButtonAction>>(
    WEBCARE_ACTIONS.takeCover,
    async ({ ack, body, action, respond }) => {
      await ack();
      const requestId = TakeValue.safeParse(action.value);
      const teamId = body.team?.id;
      if (!requestId.success || !teamId) return replyPrivately(respond, webcareText.requestGone);
      const answer = await takeCover(deps, {
        teamId,
        clickerId: body.user.id,
        requestId: requestId.data,
      });
      if (answer) await replyPrivately(respond, answer);
    },
  );
}
