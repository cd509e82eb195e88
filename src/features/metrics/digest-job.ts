import type { Db } from "../../db/database.ts";
import { servedTeams, type Deps } from "../../deps.ts";
import type { Job } from "../../scheduler/job.ts";
import { JobFailure } from "../../scheduler/failure.ts";
import {
  claimMany,
  LedgerMarks,
  release,
  settleFailure,
  unstart,
  type Claim,
  type Held,
} from "../../scheduler/ledger.ts";
import type { SlackCredentials, SlackTokenFor } from "../../install/clients.ts";
import { forEachBounded, Slots, TEAM_CONCURRENCY } from "../../scheduler/parallel.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import { joinChannel } from "../../slack/dm.ts";
import { slackErrorName } from "../../slack/errors.ts";
import { tellManagersOnce } from "../../slack/outbox/index.ts";
import { teamLanguages } from "../settings/store.ts";
import type { DigestReport } from "./report.ts";
import {
  ChartShelf,
  postDigestMessage,
  PreparedMessages,
  type DigestMessage,
} from "./digest-chart.ts";
import type { Lang } from "../../i18n/lang.ts";
import { DIGEST_JOB, digestWork, PREPARE_AHEAD_MS, type DueDigest } from "./digest-due.ts";
import { fanOutClient } from "./digest-fan-out.ts";
import { digestsFor } from "./digest-week.ts";
import { digestInputVersions } from "./store.ts";

export { DIGEST_JOB, PREPARE_AHEAD_MS };

/**
 * Every week at the team's digest day and time, each subscribed channel gets
 * the digest of the week just ended — exactly once, through the ledger
 * (src/scheduler/ledger.ts): the team's (job, team/channel, week) rows are
 * claimed together, `started` is recorded right before each try of a post
 * (and taken back when Slack answers 429, so a process killed while waiting
 * leaves a claim any replica takes again after its lease), and a failure is
 * settled by the one policy (`settleFailure`, on the one classification of
 * src/slack/errors.ts):
 * - transient (rate limited beyond the run's patience, no connection), or
 *   any failure before the post started: the week is given back, the next
 *   tick tries again;
 * - permanent (`channel_not_found`, `not_in_channel` after trying to join,
 *   `is_archived`…): not retried; each manager is told once what to fix;
 * - ambiguous once the post started (a timeout or 5xx, `internal_error`):
 *   recorded as maybe posted, never re-posted.
 * Each team is handled on its own: one team's failure (not installed, its
 * figures unreadable) never stops the teams after it. Any failure makes the
 * run throw once every team has been tried, so the CLI exits non-zero.
 *
 * The chart of a digest due within PREPARE_AHEAD_MS is drawn and uploaded on
 * the ticks before (ChartShelf), so the due tick starts posting at once.
 */
export const weeklyDigestJob: Job = {
  name: DIGEST_JOB,
  // No channel subscribes: nothing can be owed (src/scheduler/probe.ts).
  idle: (probe) => !probe.subscriptions,
  async run(deps: Deps, now: Date): Promise<string[]> {
    const sent: string[] = [];
    const failed: string[] = [];
    const work = await digestWork(deps.db, now, deps.tickMemo);
    const served = new Set(
      servedTeams(deps, [
        ...work.due.map((due) => due.teamId),
        ...work.broken.map((broken) => broken.teamId),
        ...work.soon.map((soon) => soon.teamId),
      ]),
    );
    for (const { teamId, error } of work.broken) {
      if (!served.has(teamId)) continue;
      failed.push(`${teamId}: ${error.message}`);
      deps.logger.error(`weekly digest for ${teamId} failed: ${String(error)}`);
    }
    // Many teams wait on Slack at once; their queries take one of these slots.
    const db = new Slots(TEAM_CONCURRENCY);
    await deliverDigests(
      deps,
      db,
      work.due.filter((due) => served.has(due.teamId)),
      sent,
      failed,
    );
    // Then the digests due in the next minutes: their charts are drawn and uploaded now.
    await prepareCharts(
      deps,
      db,
      work.soon.filter((soon) => served.has(soon.teamId)),
    );
    if (failed.length > 0) {
      throw new JobFailure(`weekly digest not posted to ${failed.join(", ")}`, sent);
    }
    return sent;
  },
};

/**
 * Teams at once in one digest run. A team's queries each take one of the
 * run's TEAM_CONCURRENCY database slots (src/scheduler/parallel.ts), never
 * held while Slack answers, and its marks share statements with the other
 * teams' (LedgerMarks), so this many teams can wait on Slack at once (each
 * at its own workspace's pace) without starving the pool: with one channel
 * each, every team's post is in flight at once.
 */
const TEAMS_IN_FLIGHT = 512;

/**
 * The time one tick gives to drawing charts ahead: well inside the minute,
 * so the scheduler's next tick (which may be a team's due minute) is never
 * held up by charts for later digests.
 */
const PREPARE_BUDGET_MS = 20_000;

/** Per app (its database object): each replica and each test app keeps its own charts and messages. */
interface Prepared {
  charts: ChartShelf;
  messages: PreparedMessages;
  /** Each team's week as read on a tick before, with its inputs' version then (digestInputVersions). */
  reports: Map<string, PreparedReport>;
}
interface PreparedReport {
  weekStart: LocalDate;
  version: string;
  report: DigestReport;
  language: Lang;
}
const shelves = new WeakMap<Db, Prepared>();
function shelfOf(db: Db): ChartShelf {
  return preparedOf(db).charts;
}
function preparedOf(db: Db): Prepared {
  let shelf = shelves.get(db);
  if (!shelf) {
    shelf = { charts: new ChartShelf(), messages: new PreparedMessages(), reports: new Map() };
    shelves.set(db, shelf);
  }
  return shelf;
}

/**
 * Reads the reports of many teams' digests, one query per table for each
 * week among them (usually one), through one of the run's slots.
 */
async function reportsOf(
  db: Db,
  slots: Slots,
  teams: ReadonlyArray<{ teamId: string; timezone: string; weekStart: LocalDate }>,
): Promise<Map<string, DigestReport | Error>> {
  const byWeek = new Map<LocalDate, Array<{ id: string; timezone: string }>>();
  for (const team of teams) {
    const list = byWeek.get(team.weekStart) ?? [];
    list.push({ id: team.teamId, timezone: team.timezone });
    byWeek.set(team.weekStart, list);
  }
  const maps = await Promise.all(
    [...byWeek].map(([weekStart, list]) => slots.run(() => digestsFor(db, list, weekStart))),
  );
  return new Map(maps.flatMap((map) => [...map]));
}

/**
 * Each team's token and Slack API URL, or why there is none (not installed):
 * the lookups start in the same turn of the event loop, where Prisma batches
 * the installation reads into one query, in one slot (one connection).
 */
function credentialsOf(
  deps: Deps,
  slots: Slots,
  teamIds: readonly string[],
): Promise<Map<string, SlackCredentials | Error>> {
  const tokenFor: SlackTokenFor =
    deps.slackTokenFor ??
    (async (teamId) => {
      const client = await deps.slackFor(teamId);
      return { token: client.token ?? "", slackApiUrl: client.slackApiUrl };
    });
  const credentials = new Map<string, SlackCredentials | Error>();
  return slots
    .run(() =>
      Promise.all(
        teamIds.map((teamId) =>
          tokenFor(teamId).then(
            (found) => void credentials.set(teamId, found),
            (error: unknown) =>
              void credentials.set(
                teamId,
                error instanceof Error ? error : new Error(String(error)),
              ),
          ),
        ),
      ),
    )
    .then(() => credentials);
}

/**
 * The ticks before teams' digests fall due: their charts are drawn and
 * uploaded (the app's own files, shown nowhere yet) and kept for the due
 * tick, which uses each if the figures are still the same. Soonest due
 * first, for at most PREPARE_BUDGET_MS a tick: the next ticks go on where
 * this one stopped (a chart kept with the same figures costs nothing to pass
 * over). Nothing is claimed or posted. The chart is a plus: one not prepared
 * is drawn when due.
 */
async function prepareCharts(
  deps: Deps,
  slots: Slots,
  soon: ReadonlyArray<{ teamId: string; timezone: string; weekStart: LocalDate }>,
): Promise<void> {
  if (soon.length === 0) return;
  const startedAt = performance.now();
  const teamIds = soon.map((team) => team.teamId);
  let reports: Map<string, DigestReport | Error>;
  let languages: Map<string, Lang>;
  try {
    // The version first: a change committed while the week is read gives a
    // version the due tick will not find, so it reads that team again.
    const versions = await slots.run(() => digestInputVersions(deps.db, teamIds));
    [reports, languages] = await Promise.all([
      reportsOf(deps.db, slots, soon),
      slots.run(() => teamLanguages(deps.db, teamIds)),
    ]);
    keepReports(deps.db, soon, versions, reports, languages);
  } catch (error) {
    deps.logger.warn(`weekly digest charts not prepared: ${String(error)}`);
    return;
  }
  await forEachBounded(teamIds, TEAM_CONCURRENCY, async (teamId) => {
    try {
      const report = reports.get(teamId);
      if (!report) return;
      if (report instanceof Error) throw report;
      const language = languages.get(teamId) ?? "en";
      const shelf = shelfOf(deps.db);
      // Out of this tick's time: the next tick draws the rest.
      if (!shelf.has(teamId, report, language) && performance.now() - startedAt > PREPARE_BUDGET_MS)
        return;
      const client = await slots.run(() => deps.slackFor(teamId));
      const chart = await shelf.chart(client, teamId, report, deps.logger, language);
      // Rendered now too: the due tick posts it as is when nothing changed.
      preparedOf(deps.db).messages.prepare(teamId, report, chart, language);
    } catch (error) {
      deps.logger.warn(`weekly digest chart for ${teamId} not prepared: ${String(error)}`);
    }
  });
}

/** Teams whose weeks are kept at once (each replica keeps its own): a tick's worth and more. */
const KEPT_REPORTS = 2_000;

/** Keeps the weeks read on a tick before, with the versions read before them. */
function keepReports(
  db: Db,
  soon: ReadonlyArray<{ teamId: string; weekStart: LocalDate }>,
  versions: Map<string, string> | null,
  reports: Map<string, DigestReport | Error>,
  languages: Map<string, Lang>,
): void {
  // SQLite gives no versions: the due tick reads every week again.
  if (!versions) return;
  const kept = preparedOf(db).reports;
  for (const { teamId, weekStart } of soon) {
    const version = versions.get(teamId);
    const report = reports.get(teamId);
    kept.delete(teamId); // re-inserted last: the map's order is the eviction order
    if (version === undefined || report === undefined || report instanceof Error) continue;
    kept.set(teamId, { weekStart, version, report, language: languages.get(teamId) ?? "en" });
  }
  for (const teamId of kept.keys()) {
    if (kept.size <= KEPT_REPORTS) break;
    kept.delete(teamId);
  }
}

/**
 * The due teams' weeks and languages as of now: those read on a tick before
 * whose inputs' version is still the same (one statement for all of them),
 * and the others read again (one query per table for all of them).
 */
async function currentReports(
  db: Db,
  slots: Slots,
  due: readonly DueDigest[],
): Promise<{ reports: Map<string, DigestReport | Error>; languages: Map<string, Lang> }> {
  const kept = preparedOf(db).reports;
  const reports = new Map<string, DigestReport | Error>();
  const languages = new Map<string, Lang>();
  const versions =
    kept.size > 0
      ? await slots.run(() =>
          digestInputVersions(
            db,
            due.map((team) => team.teamId),
          ),
        )
      : null;
  const stale: DueDigest[] = [];
  for (const team of due) {
    const prepared = kept.get(team.teamId);
    kept.delete(team.teamId);
    const version = versions?.get(team.teamId);
    if (prepared && prepared.weekStart === team.weekStart && version === prepared.version) {
      reports.set(team.teamId, prepared.report);
      languages.set(team.teamId, prepared.language);
    } else {
      stale.push(team);
    }
  }
  if (stale.length > 0) {
    const staleIds = stale.map((team) => team.teamId);
    const [read, readLanguages] = await Promise.all([
      reportsOf(db, slots, stale),
      slots.run(() => teamLanguages(db, staleIds)),
    ]);
    for (const [teamId, report] of read) reports.set(teamId, report);
    for (const [teamId, language] of readLanguages) languages.set(teamId, language);
  }
  return { reports, languages };
}

/** A due team ready to post: everything read, its first channels claimed. */
interface ReadyDigest {
  due: DueDigest;
  credentials: SlackCredentials;
  report: DigestReport;
  language: Lang;
  claims: Held[];
  unclaimed: Claim[];
}

/**
 * Channels claimed in one statement at the due tick, a batch of teams at a
 * time: a batch's posts start as soon as its own claim is written, while
 * the next batches' claims are being written.
 */
const CLAIMS_PER_BATCH = 100;

/**
 * The due tick: every due team's week is read at once (one statement for
 * the versions of the weeks kept from the ticks before, one query per table
 * for the others: currentReports), and meanwhile the teams' first
 * CLAIM_AHEAD channels are claimed and their tokens read, a batch of teams
 * at a time (one statement each). Each batch posts as soon as its claims,
 * its tokens and the weeks are in, at each workspace's own pace, its start
 * and sent marks written together with the other teams' (LedgerMarks).
 * A team whose week or token could not be read gives its claims back.
 */
async function deliverDigests(
  deps: Deps,
  slots: Slots,
  due: readonly DueDigest[],
  sent: string[],
  failed: string[],
): Promise<void> {
  if (due.length === 0) return;
  const fail = (teamId: string, error: unknown) => {
    // Nothing of this team reached Slack past this point; its claims are given back.
    failed.push(`${teamId}: ${error instanceof Error ? error.message : String(error)}`);
    deps.logger.error(`weekly digest for ${teamId} failed: ${String(error)}`);
  };
  const weeks = currentReports(deps.db, slots, due);
  weeks.catch(() => undefined); // each batch handles it
  const keysOf = (team: DueDigest): Claim[] =>
    team.channels.map((channelId) => ({
      job: DIGEST_JOB,
      scope: `${team.teamId}/${channelId}`,
      period: team.weekStart,
    }));
  const batches: DueDigest[][] = [[]];
  let keysInBatch = 0;
  for (const team of due) {
    const keys = Math.min(team.channels.length, CLAIM_AHEAD);
    if (keysInBatch > 0 && keysInBatch + keys > CLAIMS_PER_BATCH) {
      batches.push([]);
      keysInBatch = 0;
    }
    batches.at(-1)?.push(team);
    keysInBatch += keys;
  }
  const marks = new LedgerMarks(deps.db, (statement) => slots.run(statement));
  const inFlight = new Slots(TEAMS_IN_FLIGHT);

  const deliverBatch = async (batch: readonly DueDigest[]): Promise<void> => {
    let held: Held[];
    let credentials: Map<string, SlackCredentials | Error>;
    try {
      [held, credentials] = await Promise.all([
        slots.run(() =>
          claimMany(
            deps.db,
            batch.flatMap((team) => keysOf(team).slice(0, CLAIM_AHEAD)),
          ),
        ),
        credentialsOf(
          deps,
          slots,
          batch.map((team) => team.teamId),
        ),
      ]);
    } catch (error) {
      for (const team of batch) fail(team.teamId, error);
      return;
    }
    const heldOf = new Map<string, Held[]>();
    for (const claim of held) {
      const teamId = claim.key.scope.slice(0, claim.key.scope.indexOf("/"));
      heldOf.set(teamId, [...(heldOf.get(teamId) ?? []), claim]);
    }
    const giveBack = (claims: readonly Held[]) =>
      slots.run(async () => {
        for (const claim of claims) await release(deps.db, claim);
      });
    let reports: Map<string, DigestReport | Error>;
    let languages: Map<string, Lang>;
    try {
      ({ reports, languages } = await weeks);
    } catch (error) {
      await giveBack(held);
      for (const team of batch) fail(team.teamId, error);
      return;
    }
    const ready: ReadyDigest[] = [];
    for (const team of batch) {
      const claims = heldOf.get(team.teamId) ?? [];
      const report = reports.get(team.teamId);
      const found = credentials.get(team.teamId);
      if (
        report === undefined ||
        report instanceof Error ||
        found === undefined ||
        found instanceof Error
      ) {
        await giveBack(claims);
        if (report === undefined || report instanceof Error)
          fail(team.teamId, report ?? new Error("its week was not read"));
        else fail(team.teamId, found ?? new Error("no Slack token"));
        continue;
      }
      const unclaimed = keysOf(team).slice(CLAIM_AHEAD);
      if (claims.length === 0 && unclaimed.length === 0) continue;
      const language = languages.get(team.teamId) ?? "en";
      ready.push({ due: team, credentials: found, report, language, claims, unclaimed });
    }
    await Promise.all(
      ready.map((team) =>
        inFlight
          .run(() => postTeamDigest(deps, slots, marks, team, sent, failed))
          .catch((error: unknown) => fail(team.due.teamId, error)),
      ),
    );
  };
  await Promise.all(batches.map(deliverBatch));
}

async function postTeamDigest(
  deps: Deps,
  db: Slots,
  marks: LedgerMarks,
  ready: ReadyDigest,
  sent: string[],
  failed: string[],
): Promise<void> {
  const { due, credentials, report, language, claims, unclaimed } = ready;
  const { teamId, weekStart } = due;

  let rendered: DigestMessage;
  try {
    // In the team's language: a channel post, chart included (usually drawn
    // on a tick before; else drawn now, with the team's own client).
    const shelf = shelfOf(deps.db);
    const chart =
      (await shelf.prepared(teamId, report, language)) ??
      (await shelf.chart(await deps.slackFor(teamId), teamId, report, deps.logger, language));
    rendered = preparedOf(deps.db).messages.take(teamId, report, chart, language);
  } catch (error) {
    await db.run(async () => {
      for (const held of claims) await release(deps.db, held);
    });
    throw error;
  }
  const slack = fanOutClient(credentials, teamId, deps.pacer);

  const postOne = async (held: Held): Promise<void> => {
    const channelId = held.key.scope.slice(teamId.length + 1);
    let didStart = false;
    const attempt = {
      start: async () => (didStart = await marks.start(held)),
      refused: () =>
        db.run(async () => {
          didStart = false;
          await unstart(deps.db, held);
        }),
    };
    // A refused post (the chart's image, not in the channel) was not posted: trying again is safe.
    const post = () =>
      postDigestMessage(
        async (reply) =>
          (
            await slack.post(
              {
                channel: channelId,
                text: reply.text,
                ...(reply.blocks ? { blocks: reply.blocks } : {}),
                unfurl_links: false,
                unfurl_media: false,
              },
              attempt,
            )
          )?.ts,
        rendered,
      );
    let ts: string | undefined;
    try {
      try {
        ts = await post();
      } catch (error) {
        // Not in a public channel: join it (channels:join) and post once more.
        if (
          slackErrorName(error) !== "not_in_channel" ||
          !(await joinChannel(await deps.slackFor(teamId), channelId))
        )
          throw error;
        ts = await post();
      }
    } catch (error) {
      // The one policy (src/scheduler/ledger.ts): given back, failed for good, or maybe posted.
      const failure = await db.run(() => settleFailure(deps.db, held, error, didStart));
      const where = `${teamId}/${channelId}`;
      if (failure.class === "permanent") {
        failed.push(`${where}: ${failure.code} (not retried; the managers are told what to fix)`);
        await tellManagersOnce(deps, { teamId, kind: "post", target: channelId }, failure);
      } else if (failure.class === "ambiguous" && didStart) {
        failed.push(`${where}: ${failure.code} (may have been posted; not posted again)`);
      } else {
        failed.push(`${where}: ${failure.code} (will be retried)`);
      }
      deps.logger.error(`weekly digest for ${where} not posted: ${failure.code}`);
      return;
    }
    if (ts === undefined) return; // the claim was taken over while waiting: theirs to post
    await marks.sent(held, ts);
    sent.push(`weekly digest for the week of ${weekStart} posted in ${channelId} (${teamId})`);
  };

  // A few channels at a time: Slack's limits (about one message per second
  // per channel, plus a workspace-wide limit) are what bounds a fan-out to
  // many channels, not one post after the other.
  // The channels are claimed CLAIM_AHEAD at a time, the next ones while these
  // are posted: a claim is never held much longer than its post takes to
  // come, so its lease does not run out while this process is still at work.
  const queue = [...claims];
  let claiming: Promise<void> | null = null;
  let claimFailure: unknown = null;
  const claimMore = () =>
    (claiming ??= db
      .run(() => claimMany(deps.db, unclaimed.splice(0, CLAIM_AHEAD)))
      .then((more) => {
        queue.push(...more);
      })
      .finally(() => {
        claiming = null;
      }));
  const nextHeld = async (): Promise<Held | undefined> => {
    for (;;) {
      const held = queue.shift();
      if (queue.length < FAN_OUT_CONCURRENCY && unclaimed.length > 0) {
        // Ahead of need; a failure is reported with the team's (its channels stay owed).
        claimMore().catch((error: unknown) => {
          claimFailure ??= error;
        });
      }
      if (held) return held;
      if (unclaimed.length === 0 && !claiming) return undefined;
      await claimMore();
    }
  };
  const worker = async () => {
    for (let held = await nextHeld(); held; held = await nextHeld()) {
      await postOne(held);
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(FAN_OUT_CONCURRENCY, queue.length + unclaimed.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
  if (claimFailure) throw claimFailure;
}

/**
 * Channels posted to at once by one digest run: enough calls in flight to
 * keep up with the workspace's pace (src/slack/pacing.ts) at Slack's
 * latency; the pacer, not this number, sets the rate.
 */
const FAN_OUT_CONCURRENCY = 16;
/**
 * Channels claimed at once: a few seconds of posts at the workspace's pace
 * (4 at 50 a second, 40 at the default 5), well inside a claim's 2-minute
 * lease, in one statement each.
 */
const CLAIM_AHEAD = 200;
