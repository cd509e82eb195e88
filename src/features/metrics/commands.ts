import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { addDaysToLocalDate, localDateAt, weekStartOf } from "../../shared/local-date.ts";
import { replyPrivately } from "../../slack/reply.ts";
import { slackErrorName } from "../../slack/errors.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import { isManagerOrAdmin } from "../roles/access.ts";
import { hasRole } from "../roles/store.ts";
import { getTeam } from "../settings/store.ts";
import { formatCount } from "./digest.ts";
import { digestFor, weekJustEnded } from "./digest-job.ts";
import {
  SOCIAL_FIELDS,
  WEBCARE_FIELDS,
  parseMetricsCommand,
  platformLabel,
  validateMetricsForm,
  type FormField,
  type MetricsFigures,
} from "./input.ts";
import { metricsText } from "./messages.ts";
import { formatWeekRange, renderDigest } from "./render.ts";
import { saveMetrics, subscribeChannel, unsubscribeChannel } from "./store.ts";
import { LOG_BLOCKS, LOG_CALLBACK, logModal } from "./views.ts";

/** Managers, analysts and workspace admins log figures. */
async function mayLog(deps: Deps, client: WebClient, teamId: string, userId: string) {
  if (await hasRole(deps.db, teamId, userId, "analyst")) return true;
  const access = await isManagerOrAdmin(deps.db, client, teamId, userId);
  return access.manager || access.admin;
}

type JoinResult = "member" | "private" | "unseen" | "archived" | { other: string };

/**
 * Makes sure the bot can post in a channel: it joins public channels itself;
 * a private one it can only be invited to.
 */
async function ensureMember(client: WebClient, channelId: string): Promise<JoinResult> {
  try {
    await client.conversations.join({ channel: channelId });
    return "member";
  } catch (error) {
    const code = slackErrorName(error);
    if (code === "is_archived") return "archived";
    if (code === "channel_not_found") return "unseen";
    if (code !== "method_not_supported_for_channel_type") return { other: code ?? String(error) };
  }
  // A private channel (or a DM): fine if someone already invited the bot.
  try {
    const info = await client.conversations.info({ channel: channelId });
    const channel = info.channel as { is_member?: boolean; is_archived?: boolean } | undefined;
    if (channel?.is_archived) return "archived";
    return channel?.is_member ? "member" : "private";
  } catch {
    // A private channel the bot is not in does not exist for the bot.
    return "private";
  }
}

function figuresSummary(figures: MetricsFigures): string {
  const shown = [...SOCIAL_FIELDS, ...WEBCARE_FIELDS]
    .filter((field) => figures[field] !== null)
    .map((field) => `${metricsText.fieldLabels[field]}: ${formatCount(figures[field])}`);
  return shown.join(" · ");
}

export function registerMetrics(app: App, deps: Deps): void {
  app.command("/metrics", async ({ command, ack, respond, client }) => {
    await ack();
    const teamId = command.team_id;
    const userId = command.user_id;
    const parsed = parseMetricsCommand(command.text);

    if (parsed.kind === "usage") return replyPrivately(respond, parsed.line);

    if (parsed.kind === "log") {
      // The trigger_id lives 3 seconds: one query, at most one users.info and
      // the settings read fit well inside it.
      const [allowed, team] = await Promise.all([
        mayLog(deps, client, teamId, userId),
        getTeam(deps.db, teamId),
      ]);
      if (!allowed) return replyPrivately(respond, metricsText.logDenied);
      const today = localDateAt(deps.clock(), team.timezone);
      // Most figures are logged for the week just ended.
      const initial = addDaysToLocalDate(weekStartOf(today), -7);
      await client.views.open({ trigger_id: command.trigger_id, view: logModal(initial) });
      return;
    }

    if (parsed.kind === "digest") {
      const team = await getTeam(deps.db, teamId);
      const weekStart = weekJustEnded(deps.clock(), team.timezone);
      return replyPrivately(respond, renderDigest(await digestFor(deps.db, team, weekStart)));
    }

    const access = await isManagerOrAdmin(deps.db, client, teamId, userId);
    if (!access.manager && !access.admin) {
      return replyPrivately(respond, metricsText.subscribeDenied);
    }
    const { channelId } = parsed;
    if (parsed.kind === "unsubscribe") {
      const removed = await unsubscribeChannel(deps.db, { teamId, channelId, actorId: userId });
      return replyPrivately(
        respond,
        removed ? metricsText.unsubscribed(channelId) : metricsText.notSubscribed(channelId),
      );
    }

    // Store a subscription only where the bot can post.
    const membership = await ensureMember(client, channelId);
    if (membership !== "member") {
      const line =
        membership === "private"
          ? metricsText.inviteFirst(channelId)
          : membership === "unseen"
            ? metricsText.cannotSee(channelId)
            : membership === "archived"
              ? metricsText.archived(channelId)
              : metricsText.cannotJoin(channelId, membership.other);
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
      outcome === "subscribed"
        ? metricsText.subscribed(channelId)
        : metricsText.alreadySubscribed(channelId),
    );
  });

  app.view(LOG_CALLBACK, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? view.team_id;
    const userId = body.user.id;
    const values = view.state.values;
    const input = (field: FormField) => values[LOG_BLOCKS[field]]?.[LOG_BLOCKS[field]];
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
    );
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(result.errors)) {
        errors[LOG_BLOCKS[field as FormField]] = message;
      }
      return ack({ response_action: "errors", errors });
    }
    // Roles may have changed since the modal opened: check again.
    if (!(await mayLog(deps, client, teamId, userId))) {
      return ack({
        response_action: "errors",
        errors: { [LOG_BLOCKS.platform]: metricsText.logDenied },
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
    await ack();
    const label = platformLabel(platform);
    const week = formatWeekRange(weekStart, addDaysToLocalDate(weekStart, 6));
    const headline =
      outcome.kind === "replaced"
        ? metricsText.replaced(label, week, outcome.previousBy)
        : metricsText.logged(label, week);
    await sendDirectMessage(client, userId, { text: `${headline}\n${figuresSummary(figures)}` });
  });
}
