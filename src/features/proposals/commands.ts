import type { App, ViewStateValue } from "@slack/bolt";
import type { Deps } from "../../deps.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { plainFromSlack } from "../../slack/text.ts";
import { dailyDueInstant } from "../../scheduler/due.ts";
import { addDaysToLocalDate, localDateAt } from "../../shared/local-date.ts";
import { getTeam } from "../settings/store.ts";
import {
  parseCalendarCommand,
  parseMetadata,
  ProposeMetadata,
  ReasonMetadata,
  suggestedPublishAt,
} from "./approval.ts";
import { formatFor } from "../../i18n/format.ts";
import { langOfMetadata } from "../../i18n/lang.ts";
import { langOf } from "../../i18n/language.ts";
import { proposalsText } from "./messages.ts";
import { decideOnClick, privately, registerProposalActions } from "./actions.ts";
import { deliverOutbox } from "../../slack/outbox/index.ts";
import { expireOverdue, handOver, oweRound } from "./notify.ts";
import { calendarPosts, createProposal, resubmitProposal } from "./store.ts";
import { validateProposal, type ProposalInput } from "./validation.ts";
import {
  calendarReply,
  FIELDS,
  PROPOSE_CALLBACK,
  proposeModal,
  REASON_BLOCK,
  REASON_CALLBACK,
} from "./views.ts";

type Values = Record<string, Record<string, ViewStateValue>>;

/** The modal's values as the validation reads them (not yet trusted). */
export function readProposalInput(values: Values): ProposalInput {
  const field = (name: string): ViewStateValue | undefined => values[name]?.[name];
  const seconds = field(FIELDS.publishAt)?.selected_date_time;
  return {
    text: field(FIELDS.text)?.value ?? "",
    platforms: (field(FIELDS.platforms)?.selected_options ?? []).map((o) => o.value),
    publishAt: typeof seconds === "number" ? new Date(seconds * 1000) : null,
    goal: field(FIELDS.goal)?.selected_option?.value ?? null,
    contentType: field(FIELDS.contentType)?.selected_option?.value ?? null,
    linkUrl: field(FIELDS.linkUrl)?.value ?? null,
    notes: field(FIELDS.notes)?.value ?? null,
  };
}

export function registerProposals(app: App, deps: Deps): void {
  app.command("/propose", async ({ command, ack, respond, client }) => {
    await ack();
    // The trigger_id lives 3 seconds: two queries (language, timezone), then the modal.
    const lang = await langOf(deps, client, command.team_id, command.user_id);
    const t = proposalsText(lang);
    const team = await getTeam(deps.db, command.team_id);
    const view = proposeModal({
      timeZone: team.timezone,
      lang,
      draft: {
        text: plainFromSlack(command.text ?? "").trim(),
        platforms: [],
        publishAt: suggestedPublishAt(deps.clock(), team.timezone),
        goal: null,
        contentType: null,
        linkUrl: null,
        notes: null,
      },
    });
    try {
      await client.views.open({ trigger_id: command.trigger_id, view });
    } catch (error) {
      deps.logger.warn(`/propose: views.open failed: ${String(error)}`);
      await replyPrivately(respond, t.openFailed);
    }
  });

  app.view(PROPOSE_CALLBACK, async ({ ack, body, view }) => {
    const teamId = body.team?.id ?? view.team_id;
    const userId = body.user.id;
    // The modal carries its language: field errors go in the ack, before any lookup.
    const lang = langOfMetadata(view.private_metadata);
    const t = proposalsText(lang);
    const metadata = parseMetadata(ProposeMetadata, view.private_metadata);
    if (!metadata) {
      return ack({ response_action: "errors", errors: { [FIELDS.text]: t.notResubmittable } });
    }
    const now = deps.clock();
    const result = validateProposal(readProposalInput(view.state.values), now, lang);
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(result.errors)) {
        if (message) errors[field] = message;
      }
      return ack({ response_action: "errors", errors });
    }
    // The round and the messages it owes (request, confirmation) commit together.
    let round;
    if (metadata.proposalId !== undefined) {
      round = await resubmitProposal(
        deps.db,
        { proposalId: metadata.proposalId, proposerId: userId, value: result.value, now },
        oweRound,
      );
      if (!round) {
        return ack({ response_action: "errors", errors: { [FIELDS.text]: t.notResubmittable } });
      }
    } else {
      round = await createProposal(
        deps.db,
        {
          teamId,
          proposerId: userId,
          value: result.value,
          now,
          submission: `view_submission:${view.id}:${view.hash}`,
        },
        oweRound,
      );
      // This very submission already made its proposal (a replayed request):
      // close the modal, make nothing.
      if (!round) return ack();
    }
    await ack();
    await deliverOutbox(deps, round.owed);
  });

  app.view(REASON_CALLBACK, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const lang = langOfMetadata(view.private_metadata);
    const t = proposalsText(lang);
    const metadata = parseMetadata(ReasonMetadata, view.private_metadata);
    const reason = view.state.values[REASON_BLOCK]?.[REASON_BLOCK]?.value?.trim() ?? "";
    if (!metadata) {
      return ack({ response_action: "errors", errors: { [REASON_BLOCK]: t.noLongerWaiting } });
    }
    if (reason === "") {
      return ack({ response_action: "errors", errors: { [REASON_BLOCK]: t.reasonRequired } });
    }
    await ack();
    const answer = await decideOnClick(deps, {
      clickerId: userId,
      lang,
      proposalId: metadata.proposalId,
      round: metadata.round,
      channel: metadata.channel,
      ts: metadata.ts,
      outcome: metadata.outcome,
      reason,
    });
    if (answer) {
      await privately(client, { channel: metadata.channel, user: userId }, answer);
    }
  });

  app.command("/calendar", async ({ command, ack, respond, client }) => {
    await ack();
    const lang = await langOf(deps, client, command.team_id, command.user_id);
    const t = proposalsText(lang);
    const parsed = parseCalendarCommand(command.text);
    if (!parsed) return replyPrivately(respond, t.calendarUsage);
    const now = deps.clock();
    const { timezone } = await getTeam(deps.db, command.team_id);
    await expireOverdue(deps, command.team_id, now);
    const end = dailyDueInstant(
      addDaysToLocalDate(localDateAt(now, timezone), parsed.days),
      "00:00",
      timezone,
    );
    const posts = await calendarPosts(deps.db, command.team_id, now, end);
    return replyPrivately(respond, calendarReply(posts, formatFor(lang, timezone), parsed.days));
  });

  deps.events.on("approverChanged", async (change) => {
    await handOver(deps, {
      teamId: change.teamId,
      approverId: change.approverId,
      actorId: change.actorId,
    });
  });

  registerProposalActions(app, deps);
}
