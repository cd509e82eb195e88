/**
 * The sandbox banner's "Weekly digest" and "Webcare reminders" buttons. The
 * scheduled jobs send each of these once per week or day, and not before
 * their time (a channel subscribed today gets its first digest next week): a
 * button that ran them would mostly say "nothing due". So the buttons send
 * what those jobs would send now — the digest of the week just ended, today's
 * reminder and duty announcement — each marked as a preview, without
 * touching the ledger: the scheduled posts still go out as they would.
 *
 * The lines returned are for the page's toast: people and channels by name.
 */
import type { KnownBlock } from "@slack/types";
import type { Deps } from "../deps.ts";
import { catalog } from "../i18n/catalog.ts";
import type { Lang } from "../i18n/lang.ts";
import { langOf, teamLangOf } from "../i18n/language.ts";
import { digestFor, weekJustEnded } from "../features/metrics/digest-week.ts";
import { digestMessage, postDigestMessage } from "../features/metrics/digest-chart.ts";
import { subscriptionsOf } from "../features/metrics/store.ts";
import { getTeam } from "../features/settings/store.ts";
import { loadDuty } from "../features/webcare/duty.ts";
import { webcareText } from "../features/webcare/messages.ts";
import { reminderMessage } from "../features/webcare/views.ts";
import { localDateAt } from "../shared/local-date.ts";
import { postJoining, sendDirectMessage } from "../slack/dm.ts";
import type { Reply } from "../slack/reply.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { SandboxMessages } from "./messages.en.ts";
export const sandboxText = catalog({ en, fr });

/** Names for the toast: `@name` for a person, `#name` for a channel. */
export interface Names {
  person(id: string): string;
  channel(id: string): string;
}

/** The message with a first context line saying it is a preview, in `lang`. */
export function markedAsPreview(reply: Reply, lang: Lang): Reply {
  const marker = sandboxText(lang).previewMarker;
  const line: KnownBlock = { type: "context", elements: [{ type: "mrkdwn", text: marker }] };
  return {
    text: `${marker}\n${reply.text}`,
    ...(reply.blocks ? { blocks: [line, ...reply.blocks] } : {}),
  };
}

/** The digest of the week just ended, in every subscribed channel, marked as a preview. */
export async function previewDigest(
  deps: Deps,
  teamId: string,
  now: Date,
  names: Names,
): Promise<string[]> {
  const subscriptions = await subscriptionsOf(deps.db, teamId);
  if (subscriptions.length === 0) {
    return ["no channel gets the weekly digest yet: type /metrics subscribe #channel first"];
  }
  const team = await getTeam(deps.db, teamId);
  const lang = await teamLangOf(deps, teamId);
  const slack = await deps.slackFor(teamId);
  const weekStart = weekJustEnded(now, team.timezone);
  const report = await digestFor(deps.db, team, weekStart);
  const digest = await digestMessage(slack, report, deps.logger, lang, true);
  const marked = {
    message: markedAsPreview(digest.message, lang),
    withoutChart: digest.withoutChart && markedAsPreview(digest.withoutChart, lang),
  };
  const lines: string[] = [];
  for (const { channelId } of subscriptions) {
    await postDigestMessage(
      (reply) =>
        postJoining(slack, channelId, { ...reply, unfurl_links: false, unfurl_media: false }),
      marked,
    );
    lines.push(
      `preview of the digest for the week of ${weekStart} posted in ${names.channel(channelId)}`,
    );
  }
  return lines;
}

/** Today's reminder to the person on duty and the duty announcement, marked as previews. */
export async function previewWebcareReminder(
  deps: Deps,
  teamId: string,
  now: Date,
  names: Names,
): Promise<string[]> {
  const team = await getTeam(deps.db, teamId);
  const today = localDateAt(now, team.timezone);
  const duty = await loadDuty(deps.db, teamId, today, 1);
  if (duty.rotations.length === 0) {
    return ["no webcare rotation yet: type /webcare rotation @a @b first"];
  }
  const day = duty.days[0];
  if (!day || day.status === "closed") {
    return [`no rotation covers today (${today}): nobody is reminded`];
  }
  const slack = await deps.slackFor(teamId);
  const lines: string[] = [];
  if (day.onDuty) {
    const lang = await langOf(deps, slack, teamId, day.onDuty);
    const reminder = reminderMessage(day, duty.settings.handoverTime, webcareText(lang));
    await sendDirectMessage(slack, day.onDuty, markedAsPreview(reminder, lang));
    lines.push(`preview of today's reminder sent to ${names.person(day.onDuty)} by DM`);
  } else {
    lines.push("everyone in the rotation is away today: no reminder");
  }
  const channel = duty.settings.channelId;
  if (channel) {
    const lang = await teamLangOf(deps, teamId);
    const t = webcareText(lang);
    const time = duty.settings.handoverTime;
    const text = day.onDuty
      ? t.announcement(today, time, day.onDuty)
      : t.announcementGap(today, time);
    await postJoining(slack, channel, markedAsPreview({ text }, lang));
    lines.push(`preview of the duty announcement posted in ${names.channel(channel)}`);
  }
  return lines;
}
