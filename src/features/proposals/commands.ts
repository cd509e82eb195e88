import { createHash } from "node:crypto";
import type { BlockAction, ButtonAction, ViewStateValue } from "@slack/bolt";
import type { SlackRoutes } from "../../slack/router.ts";
import { nextTurn } from "../../shared/turns.ts";
import type { Deps } from "../../deps.ts";
import { ackPrivately, replyPrivately } from "../../slack/reply.ts";
import { openModalOrTell } from "../../slack/open-modal.ts";
import { ackThenWork, afterAnswer, answersBeforeWork, opensModal } from "../../slack/busy.ts";
import { formAgain, formMessage } from "../../slack/form-views.ts";
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
import { langOfMetadata, type Lang } from "../../i18n/lang.ts";
import { langOf } from "../../i18n/language.ts";
import { proposalsText } from "./messages.ts";
import { decideOnClick, privately, registerProposalActions } from "./actions.ts";
import { deliverOutbox } from "../../slack/outbox/index.ts";
import {
  expireOverdue,
  handOver,
  missingImages,
  oweNextRound,
  oweRound,
  oweVisualAdded,
} from "./notify.ts";
import {
  addVisuals,
  readCalendar,
  createProposal,
  SuggestionClosedError,
  findProposal,
  startNextRound,
} from "./store.ts";
import { validateProposal, type ProposalInput, type ValidProposal } from "./validation.ts";
import {
  ACTIONS,
  ADD_VISUAL_BLOCK,
  ADD_VISUAL_CALLBACK,
  addVisualModal,
  calendarReply,
  FIELDS,
  prefillText,
  PROPOSE_CALLBACK,
  proposeModal,
  REASON_BLOCK,
  REASON_CALLBACK,
} from "./views.ts";
import { filesOf, MAX_VISUALS, mergeVisuals, toVisuals } from "./visuals.ts";
import { guidelinesReminderLine } from "../guidelines/store.ts";
import { suggestionsText } from "../suggestions/messages.ts";
import { findSuggestion } from "../suggestions/store.ts";
import { z } from "zod";

type Values = Record<string, Record<string, ViewStateValue>>;

const DAY_MS = 24 * 60 * 60 * 1000;

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
    files: filesOf(field(FIELDS.visuals)),
  };
}

/** Tells the cut `/propose` text from anything the proposer typed since. */
export function textFingerprint(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

/** What the propose modal needs to open: the team's timezone and its guidelines' first line. */
async function modalContext(deps: Deps, teamId: string) {
  const [team, guidelinesLine] = await Promise.all([
    getTeam(deps.db, teamId),
    guidelinesReminderLine(deps.db, teamId),
  ]);
  return { timeZone: team.timezone, guidelinesLine };
}

/**
 * The propose modal for a new post, prefilled (the `/propose` text, a
 * suggestion's link); when Slack's input limit cuts the text, the modal says
 * so and remembers how to tell whether it was sent unchanged.
 */
export async function newProposalModal(
  deps: Deps,
  teamId: string,
  lang: Lang,
  prefill: { text: string; linkUrl?: string | null; suggestionId?: number },
) {
  const { timeZone, guidelinesLine } = await modalContext(deps, teamId);
  const cut = prefillText(prefill.text);
  return proposeModal({
    timeZone,
    lang,
    guidelinesLine,
    mode: { kind: "new", ...(prefill.suggestionId ? { suggestionId: prefill.suggestionId } : {}) },
    cutFrom: cut.cutFrom,
    cutFingerprint: cut.cutFrom ? textFingerprint(cut.text) : undefined,
    draft: {
      text: cut.text,
      platforms: [],
      publishAt: suggestedPublishAt(deps.clock(), timeZone),
      goal: null,
      contentType: null,
      linkUrl: prefill.linkUrl ?? null,
      notes: null,
    },
  });
}

type Owed = Parameters<typeof deliverOutbox>[1];

/** What storing a submitted proposal came to: stored, or the reason it was not. */
type SubmissionOutcome =
  | { kind: "stored"; id: number | null; round: number; owed: Owed }
  | { kind: "refused"; notice: string };

/**
 * Stores a valid submitted proposal: a new one, an edit of a pending round or
 * a resubmission, with the messages it owes, in one transaction. A conflict
 * (edited or decided meanwhile, the suggestion closed) or a failure stores
 * nothing and says why; a replay of a stored submission stores nothing more.
 */
async function storeSubmission(
  deps: Deps,
  input: {
    teamId: string;
    userId: string;
    lang: Lang;
    metadata: z.infer<typeof ProposeMetadata>;
    value: ValidProposal;
    now: Date;
    textCutFrom: number | null;
    submission: string;
  },
): Promise<SubmissionOutcome> {
  const { metadata, lang } = input;
  const t = proposalsText(lang);
  const refused = (notice: string) => ({ kind: "refused", notice: `:warning: ${notice}` }) as const;
  try {
    if (metadata.proposalId !== undefined) {
      // An edit of a pending round, or a resubmission (older modals carry no mode).
      const from = metadata.mode === "edit" ? "pending" : "decided";
      const next = await startNextRound(
        deps.db,
        {
          proposalId: metadata.proposalId,
          proposerId: input.userId,
          from,
          ...(metadata.round !== undefined ? { round: metadata.round } : {}),
          value: input.value,
          now: input.now,
          textCutFrom: input.textCutFrom,
          submission: input.submission,
        },
        oweNextRound,
      );
      if (next.kind === "lost")
        return refused(from === "pending" ? t.editLost(metadata.proposalId) : t.notResubmittable);
      // This very submission already started its round (a replayed request): nothing more.
      if (next.kind === "replayed")
        return {
          kind: "stored",
          id: metadata.proposalId,
          round: metadata.round !== undefined ? metadata.round + 1 : 1,
          owed: [],
        };
      return { kind: "stored", id: next.proposal.id, round: next.proposal.round, owed: next.owed };
    }
    const created = await createProposal(
      deps.db,
      {
        teamId: input.teamId,
        proposerId: input.userId,
        value: input.value,
        now: input.now,
        textCutFrom: input.textCutFrom,
        ...(metadata.suggestionId !== undefined ? { suggestionId: metadata.suggestionId } : {}),
        submission: input.submission,
      },
      oweRound,
    );
    // This very submission already made its proposal (a replayed request): nothing more.
    if (!created) return { kind: "stored", id: null, round: 1, owed: [] };
    return { kind: "stored", id: created.proposal.id, round: 1, owed: created.owed };
  } catch (error) {
    if (error instanceof SuggestionClosedError) {
      // Someone else proposed (or dismissed) this suggestion while the form was open.
      const closed = await findSuggestion(deps.db, input.teamId, error.suggestionId).catch(
        () => null,
      );
      return refused(
        suggestionsText(lang).closedMeanwhile(error.suggestionId, closed?.status === "proposed"),
      );
    }
    // Nothing was stored (one transaction): the person sends it again.
    deps.logger.warn(`A submitted proposal could not be stored: ${String(error)}`);
    return refused(t.notSaved((input.value.visuals?.length ?? 0) > 0));
  }
}

const AddVisualMetadata = z.object({ proposalId: z.number().int().positive() });

export function registerProposals(routes: SlackRoutes, deps: Deps): void {
  routes.command("/propose", opensModal, async ({ command, body, ack, respond, client }) => {
    // Its work (the modal) runs detached from this listener, in the urgent lane
    // (opensModal): src/slack/busy.ts.
    return ackThenWork(body, ack, async () => {
      // The trigger_id lives 3 seconds: the language, then two queries at once
      // (timezone, guidelines), then the modal.
      const lang = await langOf(deps, client, command.team_id, command.user_id);
      const t = proposalsText(lang);
      const view = await newProposalModal(deps, command.team_id, lang, {
        text: plainFromSlack(command.text ?? "").trim(),
      });
      await openModalOrTell({
        client,
        triggerId: command.trigger_id,
        view,
        lang,
        again: t.proposeAgain,
        tell: (text) => replyPrivately(respond, text),
        logger: deps.logger,
        what: "/propose",
      });
    });
  });

  // A submitted proposal is answered at once and stored after the answer (issue 15).
  answersBeforeWork(PROPOSE_CALLBACK);
  routes.view(PROPOSE_CALLBACK, async ({ ack, body, view, client }) => {
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
    const rawText = readProposalInput(view.state.values).text;
    const textCutFrom =
      metadata.cutFrom && metadata.cutFingerprint === textFingerprint(rawText)
        ? metadata.cutFrom
        : null;
    // Storing waits for a running slot, and in a burst for many stores before
    // it: the answer does not. The form says it is on its way; the work after
    // the answer updates it with the result (src/slack/form-views.ts).
    await ack({ response_action: "update", view: formMessage(view, t.sending, t.closeResult) });
    afterAnswer(body, async () => {
      const outcome = await storeSubmission(deps, {
        teamId,
        userId,
        lang,
        metadata,
        value: result.value,
        now,
        textCutFrom,
        submission: `view_submission:${view.id}:${view.hash}`,
      });
      // By view_id alone: the hash of the view it replaces ("Sending…", set by
      // the ack) is Slack's and never reaches the app. That view has no input
      // or button, so nothing else changes it; a person who closed it gets
      // not_found, and the confirmation DM still tells them.
      const shown =
        outcome.kind === "stored"
          ? formMessage(view, t.sent(outcome.id, outcome.round), t.closeResult)
          : formAgain(view, outcome.notice);
      await client.views.update({ view_id: view.id, view: shown }).then(
        () => undefined,
        (error: unknown) =>
          deps.logger.warn(`The submitted proposal form could not be updated: ${String(error)}`),
      );
      if (outcome.kind !== "stored") return;
      // The messages it owes (claimed rows, sent again by any replica should
      // this process stop) once the urgent slot is free for the next form.
      return async () => {
        await deliverOutbox(deps, outcome.owed);
        // Made from a suggestion on App Home: the proposer's Home no longer lists it.
        if (metadata.suggestionId !== undefined && metadata.proposalId === undefined) {
          await deps.events.emit("homeChanged", { teamId, userIds: [userId] });
        }
      };
    });
  });

  routes.action<BlockAction<ButtonAction>>(
    ACTIONS.addVisual,
    opensModal,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const parsed = parseMetadata(AddVisualMetadata, action.value);
      const proposal = parsed ? await findProposal(deps.db, parsed.proposalId) : null;
      const teamId = proposal?.teamId ?? body.team?.id ?? "";
      const lang = await langOf(deps, client, teamId, body.user.id);
      const t = proposalsText(lang);
      if (!proposal) return replyPrivately(respond, t.unknownProposal);
      if (proposal.status !== "pending") {
        return replyPrivately(respond, t.visualNotPending(proposal.id, proposal.status));
      }
      await openModalOrTell({
        client,
        triggerId: body.trigger_id,
        view: addVisualModal(proposal, lang),
        lang,
        again: t.addVisualAgain,
        tell: (text) => replyPrivately(respond, text),
        logger: deps.logger,
        what: "add visual",
      });
    },
  );

  routes.view(ADD_VISUAL_CALLBACK, async ({ ack, body, view }) => {
    const lang = langOfMetadata(view.private_metadata);
    const t = proposalsText(lang);
    const metadata = parseMetadata(AddVisualMetadata, view.private_metadata);
    if (!metadata) {
      return ack({ response_action: "errors", errors: { [ADD_VISUAL_BLOCK]: t.noLongerWaiting } });
    }
    const files = filesOf(view.state.values[ADD_VISUAL_BLOCK]?.[ADD_VISUAL_BLOCK]);
    const checked = toVisuals(files);
    if (!checked.ok || checked.visuals.length === 0) {
      const message = checked.ok
        ? t.visualRequired
        : checked.error === "too_many"
          ? t.validation.visualsTooMany(MAX_VISUALS, checked.count)
          : t.validation.visualsNotMedia(checked.names);
      return ack({ response_action: "errors", errors: { [ADD_VISUAL_BLOCK]: message } });
    }
    // The request is updated with every image: older ones deleted since are named instead.
    const current = await findProposal(deps.db, metadata.proposalId);
    const missingFiles = current
      ? await missingImages(deps, current.teamId, current.visuals)
      : new Set<string>();
    const added = await addVisuals(
      deps.db,
      { proposalId: metadata.proposalId, actorId: body.user.id, visuals: checked.visuals },
      mergeVisuals,
      oweVisualAdded({ addedBy: body.user.id, added: checked.visuals, missingFiles }),
    );
    if (!added) {
      const now = await findProposal(deps.db, metadata.proposalId);
      const message = t.visualNotPending(metadata.proposalId, now?.status ?? "gone");
      return ack({ response_action: "errors", errors: { [ADD_VISUAL_BLOCK]: message } });
    }
    await ack();
    await deliverOutbox(deps, added.owed);
  });

  routes.view(REASON_CALLBACK, async ({ ack, body, view, client }) => {
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
      lang: async () => lang,
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

  routes.command("/calendar", async ({ command, body, ack, respond, client }) => {
    const teamId = command.team_id;
    const parsed = parseCalendarCommand(command.text);
    // The usage line needs nothing but the caller's language: in the ack when it is known here.
    const known = deps.recentLanguages?.trusted(teamId, command.user_id, deps.clock());
    if (!parsed && known) return ackPrivately(ack, proposalsText(known).calendarUsage);
    // A busy month is a few ms of work: it runs when a slot is free, the listener gone.
    return ackThenWork(body, ack, async () => {
      const lang = known ?? (await langOf(deps, client, teamId, command.user_id));
      if (!parsed) return replyPrivately(respond, proposalsText(lang).calendarUsage);
      const now = deps.clock();
      // The window ends at local midnight `days` days on, in the team's
      // timezone, which the same statement reads: read up to a day past any
      // zone's midnight, then cut at the real end.
      const read = () =>
        readCalendar(deps.db, teamId, now, new Date(now.getTime() + (parsed.days + 1) * DAY_MS));
      let calendar = await read();
      if (calendar.overdue) {
        // Rare (the per-minute job expires them): expire, then read again.
        await expireOverdue(deps, teamId, now);
        calendar = await read();
      }
      const timezone = calendar.timezone ?? "UTC";
      const end = dailyDueInstant(
        addDaysToLocalDate(localDateAt(now, timezone), parsed.days),
        "00:00",
        timezone,
      );
      const posts = calendar.posts.filter((post) => post.publishAt < end);
      // Reading, rendering and sending a busy month are a few ms of CPU each:
      // acks that arrived meanwhile go between them, not after all three.
      await nextTurn();
      const reply = calendarReply(posts, formatFor(lang, timezone), parsed.days);
      await nextTurn();
      return replyPrivately(respond, reply);
    });
  });

  deps.events.on("approverChanged", async (change) => {
    await handOver(deps, {
      teamId: change.teamId,
      approverId: change.approverId,
      actorId: change.actorId,
    });
  });

  registerProposalActions(routes, deps);
}
