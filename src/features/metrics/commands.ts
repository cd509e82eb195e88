import type { SlackRoutes } from "../../slack/router.ts";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { addDaysToLocalDate, localDateAt, weekStartOf } from "../../shared/local-date.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { slackErrorName } from "../../slack/errors.ts";
import { ensureCanPost, sendDirectMessage } from "../../slack/dm.ts";
import { openModalOrTell } from "../../slack/open-modal.ts";
import { ackThenWork, commandOpensModalFor } from "../../slack/busy.ts";
import { langOf } from "../../i18n/language.ts";
import { mayManageTeam } from "../roles/access.ts";
import { hasRole } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import { digestFor, weekJustEnded } from "./digest-week.ts";
import {
  LOGGABLE_IDS,
  SOCIAL_FIELDS,
  WEBCARE_FIELDS,
  parseMetricsCommand,
  platformLabel,
  validateMetricsForm,
  type FormField,
  type MetricsFigures,
} from "./input.ts";
import { metricsFormat } from "./format.ts";
import { metricsText } from "./messages.ts";
import { renderGoalList } from "./render.ts";
import { digestMessage } from "./digest-chart.ts";
import { langOfMetadata, type Lang } from "../../i18n/lang.ts";
import { uploadFile } from "../../slack/files.ts";
import { exportRows, toCsv } from "./csv.ts";
import { orderGoals } from "./goals.ts";
import {
  goalsOf,
  loggedInWeek,
  metricsBetween,
  removeGoal,
  saveMetrics,
  setGoal,
  subscribeChannel,
  unsubscribeChannel,
} from "./store.ts";
import { LOG_CALLBACK, logBlockId, logModal, logRoundOf } from "./views.ts";

/** Managers, analysts and workspace admins log figures and set goals. */
async function mayLog(deps: Deps, client: WebClient, teamId: string, userId: string) {
  if (await hasRole(deps.db, teamId, userId, "analyst")) return true;
  return mayManageTeam(deps.db, client, teamId, userId);
}

type Respond = Parameters<typeof replyPrivately>[0];

/**
 * `/metrics export [weeks]`: the figures of the last `weeks` weeks (this one
 * included) as a CSV file, shared in the person's DM with the app — only
 * they see it.
 */
async function sendExport(
  deps: Deps,
  client: WebClient,
  respond: Respond,
  input: { teamId: string; userId: string; weeks: number; lang: Lang },
): Promise<void> {
  const t = metricsText(input.lang);
  const team = await getTeam(deps.db, input.teamId);
  const thisWeek = weekStartOf(localDateAt(deps.clock(), team.timezone));
  const firstWeek = addDaysToLocalDate(thisWeek, -7 * (input.weeks - 1));
  const rows = await metricsBetween(deps.db, input.teamId, firstWeek, thisWeek);
  if (rows.length === 0) return replyPrivately(respond, t.exportNothing(input.weeks));
  const csv = toCsv(exportRows(rows, platformLabel));
  try {
    const opened = await client.conversations.open({ users: input.userId });
    const channelId = opened.channel?.id;
    if (!channelId) throw new Error(`conversations.open gave no channel for ${input.userId}`);
    await uploadFile(client, {
      bytes: Buffer.from(csv, "utf8"),
      filename: `greenlight-figures-${firstWeek}-to-${thisWeek}.csv`,
      title: t.exportTitle(input.weeks),
      channelId,
      initialComment: t.exportComment(input.weeks, rows.length),
    });
  } catch (error) {
    deps.logger.error(
      `metrics export for ${input.teamId}/${input.userId} failed: ${String(error)}`,
    );
    return replyPrivately(respond, t.exportFailed(slackErrorName(error) ?? "error"));
  }
  return replyPrivately(respond, t.exportSent);
}

/** "Reach: 12,000 · Followers gained: −120", in the person's language. */
function figuresSummary(figures: MetricsFigures, lang: Lang): string {
  const f = metricsFormat(lang);
  const shown = [...SOCIAL_FIELDS, ...WEBCARE_FIELDS]
    .filter((field) => figures[field] !== null)
    .map((field) => f.t.figureValue(f.t.fieldLabels[field], f.count(figures[field])));
  return shown.join(" · ");
}

export function registerMetrics(routes: SlackRoutes, deps: Deps): void {
  // `/metrics log` opens its form after the ack: it goes before queued background work.
  const logOpensModal = commandOpensModalFor("log");
  routes.command("/metrics", logOpensModal, async ({ command, body, ack, respond, client }) => {
    // Its work waits for a running slot detached from this listener (src/slack/busy.ts);
    // `/metrics log` in the urgent lane (logOpensModal).
    return ackThenWork(body, ack, async () => {
      const teamId = command.team_id;
      const userId = command.user_id;
      // Every answer is in the caller's language: usually one query, read once a day from Slack.
      const lang = await langOf(deps, client, teamId, userId);
      const t = metricsText(lang);
      const parsed = parseMetricsCommand(command.text, lang);

      if (parsed.kind === "usage") return replyPrivately(respond, parsed.line);

      if (parsed.kind === "log") {
        // The trigger_id lives 3 seconds: one query, at most one users.info and
        // the settings read fit well inside it.
        const [allowed, team] = await Promise.all([
          mayLog(deps, client, teamId, userId),
          getTeam(deps.db, teamId),
        ]);
        if (!allowed) return replyPrivately(respond, t.logDenied);
        const today = localDateAt(deps.clock(), team.timezone);
        // Most figures are logged for the week just ended.
        const initial = addDaysToLocalDate(weekStartOf(today), -7);
        // An expired trigger or a Slack failure is told to the person, never silence.
        await openModalOrTell({
          client,
          triggerId: command.trigger_id,
          view: logModal(initial, lang),
          lang,
          again: t.logAgain,
          tell: (text) => replyPrivately(respond, text),
          logger: deps.logger,
          what: "/metrics log",
        });
        return;
      }

      if (parsed.kind === "digest") {
        // A preview of what the channels get, chart included (drawn and uploaded
        // as the app's own file, shown nowhere else), in the caller's language.
        const team = await getTeam(deps.db, teamId);
        const weekStart = weekJustEnded(deps.clock(), team.timezone);
        const report = await digestFor(deps.db, team, weekStart);
        const preview = await digestMessage(client, report, deps.logger, lang, true);
        try {
          return await replyPrivately(respond, preview.message);
        } catch (error) {
          // Refused because of the image: the same preview without it, rather than nothing.
          if (preview.withoutChart === null) throw error;
          deps.logger.warn(`/metrics digest: preview with its chart refused: ${String(error)}`);
          return replyPrivately(respond, preview.withoutChart);
        }
      }

      if (parsed.kind === "goals") {
        const goals = orderGoals(await goalsOf(deps.db, teamId), platformLabel, LOGGABLE_IDS);
        return replyPrivately(respond, renderGoalList(goals, lang));
      }

      if (parsed.kind === "goal-set" || parsed.kind === "goal-off") {
        if (!(await mayLog(deps, client, teamId, userId))) {
          return replyPrivately(respond, t.goalDenied);
        }
        const { platform, figure } = parsed;
        const label = platformLabel(platform);
        if (parsed.kind === "goal-off") {
          const removed = await removeGoal(deps.db, { teamId, platform, figure, actorId: userId });
          return replyPrivately(
            respond,
            removed ? t.goalRemoved(label, figure) : t.goalNotSet(label, figure),
          );
        }
        const f = metricsFormat(lang);
        const { previous } = await setGoal(deps.db, {
          teamId,
          platform,
          figure,
          target: parsed.target,
          actorId: userId,
        });
        return replyPrivately(
          respond,
          t.goalSet(
            label,
            figure,
            f.goalTarget(figure, parsed.target),
            previous === null ? null : f.goalTarget(figure, previous),
          ),
        );
      }

      if (parsed.kind === "export") {
        return sendExport(deps, client, respond, { teamId, userId, weeks: parsed.weeks, lang });
      }

      const mayManage = await mayManageTeam(deps.db, client, teamId, userId);
      if (!mayManage) {
        return replyPrivately(respond, t.subscribeDenied);
      }
      const { channelId } = parsed;
      if (parsed.kind === "unsubscribe") {
        const removed = await unsubscribeChannel(deps.db, { teamId, channelId, actorId: userId });
        return replyPrivately(
          respond,
          removed ? t.unsubscribed(channelId) : t.notSubscribed(channelId),
        );
      }

      // Store a subscription only where the bot can post.
      const membership = await ensureCanPost(client, channelId);
      if (membership !== "member") {
        const line =
          membership === "private"
            ? t.inviteFirst(channelId)
            : membership === "unseen"
              ? t.cannotSee(channelId)
              : membership === "archived"
                ? t.archived(channelId)
                : t.cannotJoin(channelId, membership.other);
        return replyPrivately(respond, line);
      }
      const outcome = await subscribeChannel(deps.db, {
        teamId,
        channelId,
        actorId: userId,
        at: deps.clock(),
      });
      return replyPrivately(
        respond,
        outcome === "subscribed" ? t.subscribed(channelId) : t.alreadySubscribed(channelId),
      );
    });
  });

  routes.view(LOG_CALLBACK, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? view.team_id;
    const userId = body.user.id;
    const values = view.state.values;
    const round = logRoundOf(view.private_metadata);
    // The modal carries its reader's language: field errors are answered in the ack.
    const lang = langOfMetadata(view.private_metadata);
    const t = metricsText(lang);
    const input = (field: FormField) => {
      const id = logBlockId(field, round);
      return values[id]?.[id];
    };
    const team = await getTeam(deps.db, teamId);
    const result = validateMetricsForm(
      {
        platform: input("platform")?.selected_option?.value,
        date: input("week")?.selected_date,
        values: Object.fromEntries(
          [...SOCIAL_FIELDS, ...WEBCARE_FIELDS].map((field) => [field, input(field)?.value]),
        ),
      },
      localDateAt(deps.clock(), team.timezone),
      lang,
    );
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(result.errors)) {
        errors[logBlockId(field as FormField, round)] = message;
      }
      return ack({ response_action: "errors", errors });
    }
    // Roles may have changed since the modal opened: check again.
    if (!(await mayLog(deps, client, teamId, userId))) {
      return ack({
        response_action: "errors",
        errors: { [logBlockId("platform", round)]: t.logDenied },
      });
    }
    const { platform, weekStart, figures } = result.value;
    const outcome = await saveMetrics(deps.db, {
      teamId,
      platform,
      weekStart,
      figures,
      actorId: userId,
    });
    const label = platformLabel(platform);
    const week = metricsFormat(lang).weekRange(weekStart, addDaysToLocalDate(weekStart, 6));
    // The modal stays open for the next platform of the same week.
    const logged = await loggedInWeek(deps.db, teamId, weekStart);
    const done = new Set(logged.map((entry) => entry.platform));
    await ack({
      response_action: "update",
      view: logModal(weekStart, lang, {
        round: round + 1,
        saved: label,
        weekRange: week,
        logged: logged.map((entry) => ({
          label: platformLabel(entry.platform),
          loggedBy: entry.loggedBy,
        })),
        nextPlatform: LOGGABLE_IDS.find((id) => !done.has(id)) ?? null,
      }),
    });
    const headline =
      outcome.kind === "replaced"
        ? t.replaced(label, week, outcome.previousBy)
        : t.logged(label, week);
    await sendDirectMessage(client, userId, {
      text: `${headline}\n${figuresSummary(figures, lang)}`,
    });
  });
}
