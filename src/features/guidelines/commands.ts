import type { BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import type { SlackRoutes } from "../../slack/router.ts";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { formatFor } from "../../i18n/format.ts";
import { langOfMetadata, type Lang } from "../../i18n/lang.ts";
import { langOf } from "../../i18n/language.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { openModalOrTell } from "../../slack/open-modal.ts";
import { opensModal } from "../../slack/busy.ts";
import { mayManageTeam } from "../roles/access.ts";
import { getTeam } from "../settings/store.ts";
import { MAX_GUIDELINES_LENGTH, parseGuidelinesArgs } from "./guidelines.ts";
import { guidelinesText } from "./messages.ts";
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
  return mayManageTeam(deps.db, client, teamId, userId);
}

async function openEditor(
  deps: Deps,
  client: WebClient,
  input: { teamId: string; triggerId: string; lang: Lang },
  respond: RespondFn,
): Promise<void> {
  const current = await findGuidelines(deps.db, input.teamId);
  await openModalOrTell({
    client,
    triggerId: input.triggerId,
    view: editModal(current?.text ?? null, input.lang),
    lang: input.lang,
    again: guidelinesText(input.lang).editAgain,
    tell: (text) => replyPrivately(respond, text),
    logger: deps.logger,
    what: "/greenlight guidelines edit",
  });
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
    lang: Lang;
    triggerId: string;
    rest: readonly string[];
    client: WebClient;
    respond: RespondFn;
  },
): Promise<void> {
  const t = guidelinesText(input.lang);
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
  const updatedAt = guidelines
    ? formatFor(input.lang, team.timezone).dateTime(guidelines.updatedAt)
    : null;
  await replyPrivately(input.respond, guidelinesReply(guidelines, editor, updatedAt, input.lang));
}

export function registerGuidelines(routes: SlackRoutes, deps: Deps): void {
  routes.action<BlockAction<ButtonAction>>(
    GUIDELINES_ACTIONS.edit,
    opensModal,
    async ({ ack, body, respond, client }) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? "";
      // The trigger lives 3 seconds: the language and the permission at once, then the modal.
      const [lang, allowed] = await Promise.all([
        langOf(deps, client, teamId, body.user.id),
        canEdit(deps, client, teamId, body.user.id),
      ]);
      if (!allowed) return replyPrivately(respond, guidelinesText(lang).denied);
      await openEditor(deps, client, { teamId, triggerId: body.trigger_id, lang }, respond);
    },
  );

  // From the propose modal: the guidelines in full, over it; closing returns to the form.
  routes.action<BlockAction<ButtonAction>>(
    GUIDELINES_ACTIONS.read,
    opensModal,
    async ({ ack, body, client }) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? "";
      const [guidelines, lang] = await Promise.all([
        findGuidelines(deps.db, teamId),
        langOf(deps, client, teamId, body.user.id),
      ]);
      try {
        await client.views.push({ trigger_id: body.trigger_id, view: readModal(guidelines, lang) });
      } catch (error) {
        deps.logger.warn(`guidelines: views.push failed: ${String(error)}`);
      }
    },
  );

  routes.view(GUIDELINES_CALLBACK, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? view.team_id;
    const userId = body.user.id;
    const lang = langOfMetadata(view.private_metadata);
    const t = guidelinesText(lang);
    const text = (view.state.values[GUIDELINES_BLOCK]?.[GUIDELINES_BLOCK]?.value ?? "").trim();
    if ([...text].length > MAX_GUIDELINES_LENGTH) {
      const max = formatFor(lang, "UTC").number(MAX_GUIDELINES_LENGTH);
      return ack({ response_action: "errors", errors: { [GUIDELINES_BLOCK]: t.tooLong(max) } });
    }
    if (!(await canEdit(deps, client, teamId, userId))) {
      return ack({ response_action: "errors", errors: { [GUIDELINES_BLOCK]: t.denied } });
    }
    await saveGuidelines(deps.db, { teamId, text, actorId: userId });
    await ack();
    await client.chat.postMessage({ channel: userId, text: text === "" ? t.cleared : t.saved });
  });
}
