import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runWebcareReminders } from "../../../src/features/webcare/reminders.ts";
import { createScheduler, type TickReport } from "../../../src/scheduler/scheduler.ts";
import type { FakeSlack } from "../../../src/sandbox/index.ts";
import { startTwoInstances, type TwoInstances } from "../../support/instances.ts";

/**
 * The scheduler with many installed teams, on the real app (two instances on
 * one database, each with its own pool and Slack clients) against the fake
 * Slack of many workspaces: what is due is found with a number of queries
 * that does not grow with the number of teams, two schedulers racing do
 * every team's work exactly once, and one team's revoked token stops nobody
 * else.
 */
// A Monday: the weekly digest (Monday 09:00 by default) is due with the hand-over.
const HANDOVER = "2026-11-23T09:00:00Z";
const TODAY = "2026-11-23";

let w: TwoInstances;
let teams: FakeSlack[];

beforeEach(async () => {
  w = await startTwoInstances();
  teams = [];
});

afterEach(async () => {
  await w.close();
});

const app = (i: number) => w.app(i);
const db = () => app(0).database.db;

/**
 * `count` more installed teams, each with: a rotation (hand-over 09:00 UTC,
 * ann today, ben tomorrow) announced in #duty, a digest channel #metrics, and
 * a proposal pending for two days with cid as the approver.
 */
async function addTeams(count: number): Promise<FakeSlack[]> {
  const added: FakeSlack[] = [];
  for (let n = 0; n < count; n += 1) {
    const tag = String(teams.length + 1).padStart(3, "0");
    const fake = w.addWorkspace(tag, { channels: ["duty", "metrics"] });
    await w.install(fake, 0);
    const teamId = fake.teamId;
    await db().team.create({ data: { id: teamId, timezone: "UTC" } });
    await db().webcareRotation.create({
      data: {
        teamId,
        startDate: TODAY,
        members: `U${tag}ANN,U${tag}BEN`,
        handoverTime: "09:00",
        channelId: `C${tag}DUTY`,
        setBy: `U${tag}ANN`,
      },
    });
    await db().digestSubscription.create({
      data: {
        teamId,
        channelId: `C${tag}METRICS`,
        subscribedAt: new Date("2026-11-01T00:00:00Z"),
        createdBy: `U${tag}ANN`,
      },
    });
    await db().roleAssignment.create({
      data: {
        teamId,
        userId: `U${tag}CID`,
        role: "approver",
        exclusiveRole: "approver",
        assignedBy: `U${tag}ANN`,
      },
    });
    const twoDaysAgo = new Date("2026-11-21T08:00:00Z");
    await db().proposal.create({
      data: {
        teamId,
        proposerId: `U${tag}BEN`,
        text: "Our winter campaign",
        platforms: "linkedin",
        publishAt: new Date("2026-12-10T09:00:00Z"),
        goal: "awareness",
        contentType: "text",
        firstProposedAt: twoDaysAgo,
        submittedAt: twoDaysAgo,
      },
    });
    teams.push(fake);
    added.push(fake);
  }
  return added;
}

/** One scheduler tick on instance `i`, as its cron runs it (every job, one after the other). */
async function tick(i: number): Promise<TickReport> {
  const scheduler = createScheduler(app(i).built.deps, { expression: "0 0 1 1 *" });
  try {
    return await scheduler.tick();
  } finally {
    await scheduler.stop();
  }
}

/** What a tick sent to teams (the daily prune of the bookkeeping tables left out). */
const work = (report: TickReport) => report.sent.filter((line) => !line.startsWith("prune:"));

/** The queries one tick of instance 0 sends. */
async function queriesOfATick(): Promise<{ queries: number; report: TickReport }> {
  const before = w.queries[0] ?? 0;
  const report = await tick(0);
  return { queries: (w.queries[0] ?? 0) - before, report };
}

/** What each team received: every count must be exactly 1. */
function received(fake: FakeSlack) {
  const tag = fake.teamId.slice(1);
  return {
    announcement: fake.messagesIn(`C${tag}DUTY`).length,
    digest: fake.messagesIn(`C${tag}METRICS`).length,
    reminder: fake.dmsTo(`U${tag}ANN`).length,
    tomorrow: fake.dmsTo(`U${tag}BEN`).length,
    approval: fake.dmsTo(`U${tag}CID`).length,
  };
}
const ONCE_EACH = { announcement: 1, digest: 1, reminder: 1, tomorrow: 1, approval: 1 };

describe("the scheduler with many teams", () => {
  it("finds what is due with a number of queries that does not grow with the teams", async () => {
    await addTeams(3);
    // Before the hand-over nothing is due.
    const early = await queriesOfATick();
    expect(work(early.report)).toEqual([]);

    // 09:01: everything is due; then a tick with nothing left to do.
    w.clock.set("2026-11-23T09:01:00Z");
    expect((await tick(0)).failed).toEqual([]);
    w.clock.set("2026-11-23T09:02:00Z");
    const idleFew = await queriesOfATick();
    expect(work(idleFew.report)).toEqual([]);

    // Five times the teams, all served at 09:03; the idle tick after costs the same.
    await addTeams(12);
    w.clock.set("2026-11-23T09:03:00Z");
    expect((await tick(0)).failed).toEqual([]);
    w.clock.set("2026-11-23T09:04:00Z");
    const idleMany = await queriesOfATick();
    expect(work(idleMany.report)).toEqual([]);
    for (const fake of teams) expect(received(fake)).toEqual(ONCE_EACH);

    // Same for a tick where nothing is due at all: the next Monday, before the hand-over.
    w.clock.set("2026-11-30T08:00:00Z");
    const earlyMany = await queriesOfATick();

    expect(idleMany.queries).toBe(idleFew.queries);
    expect(earlyMany.queries).toBe(early.queries);
    // And small in absolute terms: a handful per job, not one per team.
    expect(idleMany.queries).toBeLessThanOrEqual(30);
  }, 120_000);

  it("two schedulers racing do every team's work exactly once", async () => {
    await addTeams(12);
    w.clock.set(HANDOVER);
    w.clock.advance(30_000);
    const reports = await Promise.all([tick(0), tick(1)]);
    expect(reports.flatMap((r) => r.failed)).toEqual([]);
    // Once more on both: nothing is sent twice.
    w.clock.advance(60_000);
    await Promise.all([tick(0), tick(1)]);
    for (const fake of teams) expect(received(fake)).toEqual(ONCE_EACH);
    // The work was shared: each instance sent some of it (claims, not a lock per tick).
    const sentBy = reports.map((r) => work(r).length);
    expect(sentBy.reduce((a, b) => a + b, 0)).toBe(12 * 5);
  }, 120_000);

  it("one team's revoked token does not stop the others' reminders", async () => {
    const [revoked, ...others] = await addTeams(6);
    w.grid.revokeTokens((revoked as FakeSlack).teamId);
    w.clock.set(HANDOVER);
    await expect(runWebcareReminders(app(0).built.deps, w.clock.now())).rejects.toThrow(
      (revoked as FakeSlack).teamId,
    );
    for (const fake of others) {
      const { announcement, reminder } = received(fake);
      expect({ announcement, reminder }).toEqual({ announcement: 1, reminder: 1 });
    }
    expect(received(revoked as FakeSlack).reminder).toBe(0);
  }, 120_000);

  it("one team's 429s do not hold up the others, and that team still gets its reminder once", async () => {
    const [limited, ...others] = await addTeams(6);
    const slow = limited as FakeSlack;
    // Its first post is refused with Retry-After; the retry then hangs until
    // the test lets it through: that team's work is as late as the test says.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    slow.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    slow.failNext("chat.postMessage", { holdUntil: released });
    w.clock.set(HANDOVER);
    let settled = false;
    const job = runWebcareReminders(app(0).built.deps, w.clock.now()).finally(() => {
      settled = true;
    });
    await expect
      .poll(() => others.map((fake) => received(fake).reminder + received(fake).announcement), {
        timeout: 60_000,
      })
      .toEqual(others.map(() => 2));
    // Everyone else is served while the limited team is still waiting on Slack.
    expect(settled).toBe(false);
    expect(received(slow).announcement + received(slow).reminder).toBe(0);
    release();
    await job;
    const { announcement, reminder } = received(slow);
    expect({ announcement, reminder }).toEqual({ announcement: 1, reminder: 1 });
  }, 120_000);
});
