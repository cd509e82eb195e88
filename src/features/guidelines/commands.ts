import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { when } from "../proposals/messages.ts";
import { isManagerOrAdmin } from "../roles/access.ts";
import { getTeam } from "../settings/store.ts";
import { MAX_GUIDELINES_LENGTH, parseGuidelinesArgs } from "./guidelines.ts";
import { guidelinesText as t } from "./messages.ts";
import { findGuidelines, saveGuidelines } from "./store.ts";
import {
  editModal,
  GUIDELINES_ACTIONS,
  GUIDELINES_BLOCK,
  GUIDELINES_CALLBACK,
  guidelinesReply,
  readModal,
} from "./views.ts";

async function canEdit(deps: Deps, client: WebClient, teamId: string, userId: string) {
  const access = await isManagerOrAdmin(deps.db, client, teamId, userId);
  return access.manager || access.admin;
}

async function openEditor(
  deps: Deps,
  client: WebClient,
  input: { teamId: string; triggerId: string },
  respond: RespondFn,
): Promise<void> {
  const current = await findGuidelines(deps.db, input.teamId);
  try {
    await client.views.open({
      trigger_id: input.triggerId,
      view: editModal(current?.text ?? null),
    });
  } catch (error) {
    deps.logger.warn(`guidelines: views.open failed: ${String(error)}`);
    await replyPrivately(respond, t.openFailed);
  }
}

/**
 * `/greenlight guidelines [edit]`, called by the /greenlight listener once it
 * has acknowledged: everyone reads; managers and admins edit.
 */
export async function guidelinesCommand(
  deps: Deps,
  input: {
    teamId: string;
    userId: string;
    triggerId: string;
    rest: readonly string[];
    client: WebClient;
    respond: RespondFn;
  },
): Promise<void> {
  const wanted = parseGuidelinesArgs(input.rest);
  if (!wanted) return replyPrivately(input.respond, t.usage);
  if (wanted === "edit") {
    // The trigger lives 3 seconds: the permission check, then the modal.
    if (!(await canEdit(deps, input.client, input.teamId, input.userId))) {
      return replyPrivately(input.respond, t.denied);
    }
    return openEditor(deps, input.client, input, input.respond);
  }
  const [guidelines, team, editor] = await Promise.all([
    findGuidelines(deps.db, input.teamId),
    getTeam(deps.db, input.teamId),
    canEdit(deps, input.client, input.teamId, input.userId),
  ]);
  const updatedAt = guidelines ? when(guidelines.updatedAt, team.timezone) : null;
  await replyPrivately(input.respond, guidelinesReply(guidelines, editor, updatedAt));
}

export function registerGuidelines(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(
    GUIDELINES_ACTIONS.edit,
    async ({ ack, body, respond, client }) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? "";
      if (!(await canEdit(deps, client, teamId, body.user.id))) {
        return replyPrivately(respond, t.denied);
      }
      await openEditor(deps, client, { teamId, triggerId: body.trigger_id }, respond);
    },
  );

  // From the propose modal: the guidelines in full, over it; closing returns to the form.
  app.action<BlockAction<ButtonAction>>(GUIDELINES_ACTIONS.read, async ({ ack, body, client }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const guidelines = await findGuidelines(deps.db, teamId);
    try {
      await client.views.push({ trigger_id: body.trigger_id, view: readModal(guidelines) });
    } catch (error) {
      deps.logger.warn(`guidelines: views.push failed: ${String(error)}`);
    }
  });

  app.view(GUIDELINES_CALLBACK, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? view.team_id;
    const userId = body.user.id;
    const text = (view.state.values[GUIDELINES_BLOCK]?.[GUIDELINES_BLOCK]?.value ?? "").trim();
    if ([...text].length > MAX_GUIDELINES_LENGTH) {
      return ack({ response_action: "errors", errors: { [GUIDELINES_BLOCK]: t.usage } });
    }
    if (!(await canEdit(deps, client, teamId, userId))) {
      return ack({ response_action: "errors", errors: { [GUIDELINES_BLOCK]: t.denied } });
    }
    await saveGuidelines(deps.db, { teamId, text, actorId: userId });
    await ack();
    await client.chat.postMessage({ channel: userId, text: text === "" ? t.cleared : t.saved });
  });
}
