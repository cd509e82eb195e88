import type { BlockAction, ButtonAction } from "@slack/bolt";
import type { SlackRoutes } from "../../slack/router.ts";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { formatFor } from "../../i18n/format.ts";
import { langOf } from "../../i18n/language.ts";
import type { Lang } from "../../i18n/lang.ts";
import { dailyDueInstant } from "../../scheduler/due.ts";
import { addDaysToLocalDate, localDateAt } from "../../shared/local-date.ts";
import { describeSlackError } from "../../slack/errors.ts";
import { openModalOrTell } from "../../slack/open-modal.ts";
import { opensModal } from "../../slack/busy.ts";
import { newProposalModal } from "../proposals/commands.ts";
import { mayHandleSuggestions } from "../roles/access.ts";
import { isRole } from "../roles/roles.ts";
import { findApprover, listAssignments } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import { dismissSuggestion, findSuggestion, openSuggestions } from "../suggestions/store.ts";
import { loadDuty } from "../webcare/duty.ts";
import { membersOn } from "../webcare/rotation.ts";
import { homeText } from "./messages.ts";
import {
  openCoverRequests,
  pendingCountBy,
  upcomingPosts,
  waitingForDecision,
  waitingForVisual,
} from "./store.ts";
import { HOME_ACTIONS, HOME_LISTS, homeView, type HomeFacts } from "./view.ts";

/** How far ahead Home looks for the person's next duty and for cover requests. */
const DUTY_HORIZON_DAYS = 60;

/** Everything one person's Home shows, each list capped (./view.ts). */
export async function loadHomeFacts(
  deps: Deps,
  teamId: string,
  userId: string,
  timeZone: string,
): Promise<HomeFacts> {
  const now = deps.clock();
  const today = localDateAt(now, timeZone);
  const weekEnd = dailyDueInstant(addDaysToLocalDate(today, 7), "00:00", timeZone);
  const [assignments, approverId, duty, calendar, yourPending, coverRequests] = await Promise.all([
    listAssignments(deps.db, teamId),
    findApprover(deps.db, teamId),
    loadDuty(deps.db, teamId, today, DUTY_HORIZON_DAYS),
    upcomingPosts(deps.db, teamId, now, weekEnd, HOME_LISTS.calendar),
    pendingCountBy(deps.db, teamId, userId),
    openCoverRequests(deps.db, teamId, today, DUTY_HORIZON_DAYS),
  ]);
  const roles = assignments
    .filter((row) => row.userId === userId)
    .map((row) => row.role)
    .filter(isRole);
  const [toDecide, toIllustrate, suggestions] = await Promise.all([
    approverId === userId ? waitingForDecision(deps.db, teamId, HOME_LISTS.decide) : null,
    roles.includes("designer")
      ? waitingForVisual(deps.db, teamId, userId, HOME_LISTS.illustrate)
      : null,
    mayHandleSuggestions(roles) ? openSuggestions(deps.db, teamId, HOME_LISTS.suggestions) : null,
  ]);
  // A request this person could take: in the rotation that day, not the asker, not away.
  const away = (date: string) =>
    (duty.plan.absences ?? []).some((a) => a.userId === userId && a.from <= date && date <= a.to);
  const takeable = coverRequests.filter(
    (request) =>
      request.askerId !== userId &&
      membersOn(request.date, duty.plan).includes(userId) &&
      !away(request.date),
  );
  const hasRotation = duty.rotations.length > 0;
  return {
    roles,
    approverId,
    today,
    todayDuty: hasRotation ? (duty.days[0] ?? null) : null,
    nextDuty: duty.days.find((day) => day.onDuty === userId)?.date ?? null,
    calendar,
    toDecide,
    toIllustrate,
    toCover: { items: takeable.slice(0, HOME_LISTS.cover), total: takeable.length },
    yourPending,
    suggestions,
  };
}

/** Builds and publishes one person's Home; `notice` answers their last click. */
export async function publishHome(
  deps: Deps,
  client: WebClient,
  input: { teamId: string; userId: string; lang?: Lang; notice?: string | null },
): Promise<void> {
  const [team, lang] = await Promise.all([
    getTeam(deps.db, input.teamId),
    input.lang ?? langOf(deps, client, input.teamId, input.userId),
  ]);
  const facts = await loadHomeFacts(deps, input.teamId, input.userId, team.timezone);
  const view = homeView({ ...facts, notice: input.notice ?? null }, formatFor(lang, team.timezone));
  await client.views.publish({ user_id: input.userId, view });
}

const teamOf = (body: BlockAction) => body.team?.id ?? body.user.team_id ?? "";
const suggestionIdOf = (action: ButtonAction) => {
  const id = Number(action.value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

/**
 * The App Home tab: the coming 7 days, the person's next duty, what waits for
 * them, open suggestions. Published when the tab is opened (Slack sends
 * app_home_opened each time), again for whoever clicks one of its buttons,
 * and for whoever a `homeChanged` event names (the proposer of a suggestion).
 */
export function registerHome(routes: SlackRoutes, deps: Deps): void {
  routes.event("app_home_opened", async ({ event, context: ctx, client }) => {
    if (event.tab !== "home" || !ctx.teamId) return;
    await publishHome(deps, client, { teamId: ctx.teamId, userId: event.user });
  });

  // "Propose this": the propose modal with the link, at once (the trigger lives 3 seconds).
  routes.action<BlockAction<ButtonAction>>(
    HOME_ACTIONS.propose,
    opensModal,
    async ({ ack, body, action, client }) => {
      await ack();
      const teamId = teamOf(body);
      const userId = body.user.id;
      const id = suggestionIdOf(action);
      const [lang, assignments, suggestion] = await Promise.all([
        langOf(deps, client, teamId, userId),
        listAssignments(deps.db, teamId),
        id === null ? null : findSuggestion(deps.db, teamId, id),
      ]);
      const t = homeText(lang);
      const roles = assignments.filter((row) => row.userId === userId).map((row) => row.role);
      const tell = (notice: string) => publishHome(deps, client, { teamId, userId, lang, notice });
      if (!mayHandleSuggestions(roles)) return tell(t.notAllowed);
      if (!suggestion) return tell(t.unknownSuggestion);
      if (suggestion.status !== "open") return tell(closedNotice(lang, suggestion));
      const view = await newProposalModal(deps, teamId, lang, {
        text: "",
        linkUrl: suggestion.url,
        suggestionId: suggestion.id,
      });
      await openModalOrTell({
        client,
        triggerId: body.trigger_id,
        view,
        lang,
        again: t.proposeAgain,
        tell,
        logger: deps.logger,
        what: "home: propose this",
      });
    },
  );

  routes.action<BlockAction<ButtonAction>>(
    HOME_ACTIONS.dismiss,
    async ({ ack, body, action, client }) => {
      await ack();
      const teamId = teamOf(body);
      const userId = body.user.id;
      const id = suggestionIdOf(action);
      const [lang, assignments] = await Promise.all([
        langOf(deps, client, teamId, userId),
        listAssignments(deps.db, teamId),
      ]);
      const t = homeText(lang);
      const roles = assignments.filter((row) => row.userId === userId).map((row) => row.role);
      let notice: string;
      if (!mayHandleSuggestions(roles)) notice = t.notAllowed;
      else if (id === null) notice = t.unknownSuggestion;
      else if (
        await dismissSuggestion(deps.db, { teamId, id, actorId: userId, now: deps.clock() })
      ) {
        notice = t.dismissed(id);
      } else {
        // Someone else was first (or it never was): say who.
        const now = await findSuggestion(deps.db, teamId, id);
        notice = now ? closedNotice(lang, now) : t.unknownSuggestion;
      }
      await publishHome(deps, client, { teamId, userId, lang, notice });
    },
  );

  deps.events.on("homeChanged", async ({ teamId, userIds }) => {
    const client = await deps.slackFor(teamId);
    for (const userId of userIds) {
      try {
        await publishHome(deps, client, { teamId, userId });
      } catch (error) {
        // Home is refreshed again the next time it is opened.
        const failure = describeSlackError(error);
        deps.logger.warn(`home: refresh failed (${failure.class} ${failure.code})`);
      }
    }
  });
}

function closedNotice(
  lang: Lang,
  suggestion: { id: number; status: string; closedBy: string | null },
): string {
  const t = homeText(lang);
  return suggestion.status === "proposed"
    ? t.alreadyProposed(suggestion.id, suggestion.closedBy)
    : t.alreadyDismissed(suggestion.id, suggestion.closedBy);
}
