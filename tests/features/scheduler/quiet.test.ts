import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readTickProbe } from "../../../src/scheduler/probe.ts";
import {
  createScheduler,
  type Scheduler,
  type TickReport,
} from "../../../src/scheduler/scheduler.ts";
import type { FakeSlack } from "../../../src/sandbox/index.ts";
import { startTwoInstances, type TwoInstances } from "../../support/instances.ts";

/**
 * The scheduler's idle ticks (src/scheduler/probe.ts, quiet.ts): once every
 * team's work is settled, a tick is one query; and whatever changes what is
 * due — through the other replica, the database directly, or time reaching
 * the next hand-over (DST included) — is served on the next tick, once.
 * Two real app instances on one database, each with its own long-lived
 * scheduler, as deployed.
 */
let w: TwoInstances;
let schedulers: Scheduler[];

beforeEach(async () => {
  w = await startTwoInstances();
  // Their crons left idle: the test says when each tick happens.
  schedulers = w.apps.map((app) => createScheduler(app.built.deps, { expression: "0 0 1 1 *" }));
});

afterEach(async () => {
  for (const scheduler of schedulers) await scheduler.stop();
  await w.close();
});

const app = (i: number) => w.app(i);
const db = () => app(0).database.db;

/** One tick of instance `i`'s scheduler at `at`: what it sent, and how many queries it took. */
async function tickAt(i: number, at: string): Promise<{ sent: string[]; queries: number }> {
  w.clock.set(at);
  const before = w.queries[i] ?? 0;
  const report: TickReport = await (schedulers[i] as Scheduler).tick();
  expect(report.failed).toEqual([]);
  return {
    sent: report.sent.filter((line) => !line.startsWith("prune:")),
    queries: (w.queries[i] ?? 0) - before,
  };
}

let tags = 0;

/**
 * An installed team (through instance `via`) with a rotation from `startDate`:
 * ann, then ben, hand-over `time` in `timezone`, announced in its duty channel.
 */
async function addTeam(
  options: { via?: number; timezone?: string; time?: string; startDate?: string } = {},
): Promise<FakeSlack> {
  tags += 1;
  const tag = String(tags).padStart(3, "0");
  const timezone = options.timezone ?? "UTC";
  const fake = w.addWorkspace(tag, { timezone });
  await install(fake, options.via ?? 0);
  const writer = app(options.via ?? 0).database.db;
  await writer.team.create({ data: { id: fake.teamId, timezone } });
  await writer.webcareRotation.create({
    data: {
      teamId: fake.teamId,
      startDate: options.startDate ?? "2026-11-23",
      members: `U${tag}ANN,U${tag}BEN`,
      handoverTime: options.time ?? "09:00",
      channelId: `C${tag}DUTY`,
      setBy: `U${tag}ANN`,
    },
  });
  return fake;
}

const install = (fake: FakeSlack, via: number) => w.install(fake, via);

/** The duty DM, the channel line and tomorrow's heads-up each team got. */
function received(fake: FakeSlack) {
  const tag = fake.teamId.slice(1);
  return {
    reminder: fake.dmsTo(`U${tag}ANN`).length,
    announcement: fake.messagesIn(`C${tag}DUTY`).length,
    tomorrow: fake.dmsTo(`U${tag}BEN`).length,
  };
}

const version = async () =>
  (await db().scheduleChange.findUnique({ where: { id: 1 } }))?.version ?? null;

describe("ScheduleChange", () => {
  it("moves with every write to what the scheduler reads, and only those", async () => {
    const fake = await addTeam();
    const teamId = fake.teamId;
    const user = (name: string) => `U${teamId.slice(1)}${name}`;
    let last = await version();
    expect(last).not.toBeNull();
    const moved = async () => {
      const now = await version();
      const changed = now !== last;
      last = now;
      return changed;
    };

    await db().team.update({ where: { id: teamId }, data: { language: "fr" } });
    expect(await moved()).toBe(false);
    await db().team.update({ where: { id: teamId }, data: { timezone: "Europe/Paris" } });
    expect(await moved()).toBe(true);
    await db().team.update({ where: { id: teamId }, data: { digestTime: "10:00" } });
    expect(await moved()).toBe(true);
    await db().webcareRotation.updateMany({ where: { teamId }, data: { handoverTime: "10:00" } });
    expect(await moved()).toBe(true);
    await db().webcareCover.create({
      data: { teamId, date: "2026-11-24", userId: user("CID"), createdBy: user("ANN") },
    });
    expect(await moved()).toBe(true);
    await db().webcareAbsence.create({
      data: {
        teamId,
        userId: user("BEN"),
        fromDate: "2026-11-25",
        toDate: "2026-11-26",
        createdBy: user("BEN"),
      },
    });
    expect(await moved()).toBe(true);
    await db().webcareGroupLink.create({
      data: { teamId, usergroupId: "S001", handle: "webcare", setBy: user("ANN") },
    });
    expect(await moved()).toBe(true);
    await db().digestSubscription.create({
      data: { teamId, channelId: `C${teamId.slice(1)}DUTY`, createdBy: user("ANN") },
    });
    expect(await moved()).toBe(true);
    await db().webcareCover.deleteMany({ where: { teamId } });
    expect(await moved()).toBe(true);

    // Uninstalled, then installed again: both move it.
    await app(0).built.installations?.deleteInstallation({
      teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(await moved()).toBe(true);
    await install(fake, 0);
    expect(await moved()).toBe(true);
    // A token stored again for an installed team changes nothing the scheduler reads.
    await install(fake, 0);
    expect(await moved()).toBe(false);
  });
});

describe("idle scheduler ticks", () => {
  it("cost one query once everything is settled, and see a change made through the other replica on the next tick", async () => {
    const teams = [await addTeam(), await addTeam(), await addTeam()];
    expect((await tickAt(0, "2026-11-23T09:00:30Z")).sent).toHaveLength(9);
    // The tick after the work: every job reads, finds nothing owed, and notes it.
    const settling = await tickAt(0, "2026-11-23T09:01:30Z");
    expect(settling.sent).toEqual([]);
    expect(settling.queries).toBeGreaterThan(1);
    // From then on: the probe alone.
    expect(await tickAt(0, "2026-11-23T09:02:30Z")).toEqual({ sent: [], queries: 1 });
    expect(await tickAt(0, "2026-11-23T09:45:00Z")).toEqual({ sent: [], queries: 1 });

    // A team installed (and its rotation set) through the other instance,
    // after its hand-over time: it is owed today's at once.
    const late = await addTeam({ via: 1 });
    const caughtUp = await tickAt(0, "2026-11-23T09:46:00Z");
    expect(caughtUp.sent).toHaveLength(3);
    expect(await tickAt(0, "2026-11-23T09:47:00Z")).toMatchObject({ sent: [] });
    expect(await tickAt(0, "2026-11-23T09:48:00Z")).toEqual({ sent: [], queries: 1 });

    // A cover for tomorrow written straight into the database (another
    // process): cid is told tomorrow is theirs on the next tick.
    const cid = `U${late.teamId.slice(1)}CID`;
    await app(1).database.db.webcareCover.create({
      data: { teamId: late.teamId, date: "2026-11-24", userId: cid, createdBy: cid },
    });
    const covered = await tickAt(0, "2026-11-23T09:49:00Z");
    expect(covered.sent).toEqual([expect.stringContaining(`webcare-notices: ${late.teamId}`)]);

    for (const fake of [...teams, late]) {
      expect(received(fake)).toEqual({ reminder: 1, announcement: 1, tomorrow: 1 });
    }
    expect(late.dmsTo(cid)).toHaveLength(1);
  });

  it("serve a team installed again at once, and stop at an uninstall", async () => {
    const kept = await addTeam();
    const away = await addTeam();
    await app(1).built.installations?.deleteInstallation({
      teamId: away.teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    await tickAt(0, "2026-11-23T09:00:30Z");
    await tickAt(0, "2026-11-23T09:01:30Z");
    expect(await tickAt(0, "2026-11-23T09:02:30Z")).toEqual({ sent: [], queries: 1 });
    expect(received(away)).toEqual({ reminder: 0, announcement: 0, tomorrow: 0 });

    await install(away, 1);
    expect((await tickAt(0, "2026-11-23T09:03:30Z")).sent).toHaveLength(3);
    expect(received(away)).toEqual({ reminder: 1, announcement: 1, tomorrow: 1 });

    // Uninstalled before tomorrow's hand-over: tomorrow sends it nothing.
    await app(1).built.installations?.deleteInstallation({
      teamId: away.teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    await tickAt(0, "2026-11-24T09:00:30Z");
    expect(received(away)).toEqual({ reminder: 1, announcement: 1, tomorrow: 1 });
    // The team still installed got both days': a DM to each person each day.
    expect(received(kept)).toEqual({ reminder: 2, announcement: 2, tomorrow: 2 });
  });

  it("wake at the next hand-over in the team's timezone, DST gap included", async () => {
    // Paris, hand-over 02:30. On 2026-03-29 clocks jump from 02:00 to 03:00:
    // that day's 02:30 does not exist, and the hand-over is at 03:00 (01:00Z).
    const fake = await addTeam({
      timezone: "Europe/Paris",
      time: "02:30",
      startDate: "2026-03-28",
    });
    expect((await tickAt(0, "2026-03-28T01:30:30Z")).sent).toHaveLength(3);
    await tickAt(0, "2026-03-28T01:31:30Z");
    expect(await tickAt(0, "2026-03-28T01:32:30Z")).toEqual({ sent: [], queries: 1 });
    // Read again at least hourly (MAX_QUIET_MS), and still nothing owed.
    expect((await tickAt(0, "2026-03-29T00:30:00Z")).sent).toEqual([]);
    // One minute before the change, nothing; at it, the day's hand-over.
    expect(await tickAt(0, "2026-03-29T00:59:00Z")).toEqual({ sent: [], queries: 1 });
    const due = await tickAt(0, "2026-03-29T01:00:00Z");
    expect(due.sent.some((line) => /2026-03-29: webcare reminder sent to U\d+BEN/.test(line))).toBe(
      true,
    );
    expect(fake.dmsTo(`U${fake.teamId.slice(1)}BEN`).length).toBe(2); // heads-up, then the duty DM
  });

  it("keep looking while another replica holds a claim, and take it over once its lease has run out", async () => {
    const fake = await addTeam();
    const teamId = fake.teamId;
    // Another replica claimed today's DM, then died before sending it.
    await db().jobRun.create({
      data: {
        job: "webcare-reminder",
        scope: teamId,
        period: "2026-11-23",
        status: "claimed",
        claimedBy: "dead-replica",
        leaseUntil: new Date(Date.now() + 60 * 60_000),
      },
    });
    await tickAt(0, "2026-11-23T09:00:30Z");
    expect(received(fake).reminder).toBe(0);
    // The claim may be given back: no tick may skip looking at it.
    expect((await tickAt(0, "2026-11-23T09:01:30Z")).queries).toBeGreaterThan(1);
    expect((await tickAt(0, "2026-11-23T09:02:30Z")).queries).toBeGreaterThan(1);
    // Its lease runs out (the ledger's rows are no input the stamp follows);
    // before both the real time (claims) and the tick's (the jobs' look).
    await db().jobRun.updateMany({
      where: { claimedBy: "dead-replica" },
      data: { leaseUntil: new Date("2026-11-23T09:02:00Z") },
    });
    const takenOver = await tickAt(0, "2026-11-23T09:03:30Z");
    expect(takenOver.sent).toEqual([expect.stringMatching(/webcare reminder sent to U\d+ANN/)]);
    expect(received(fake).reminder).toBe(1);
  });

  it("ask users.info once per person at a hand-over, however many steps need them", async () => {
    const teams = [await addTeam(), await addTeam()];
    const from = w.grid.routedCalls.length;
    expect((await tickAt(0, "2026-11-23T09:00:30Z")).sent).toHaveLength(6);
    const asked = w.grid.routedCalls.slice(from).filter((call) => call.method === "users.info");
    // ann (on duty: still a person? her language) and ben (tomorrow's: the same), once each.
    for (const fake of teams) {
      expect(asked.filter((call) => call.teamId === fake.teamId)).toHaveLength(2);
      expect(received(fake)).toEqual({ reminder: 1, announcement: 1, tomorrow: 1 });
    }
    // The next tick asks again: nothing is kept from one tick to the next.
    await db().webcareCover.create({
      data: {
        teamId: teams[0]?.teamId ?? "",
        date: "2026-11-24",
        userId: `U${teams[0]?.teamId.slice(1)}CID`,
        createdBy: `U${teams[0]?.teamId.slice(1)}ANN`,
      },
    });
    const next = w.grid.routedCalls.length;
    expect((await tickAt(0, "2026-11-23T09:01:30Z")).sent).toHaveLength(1);
    expect(
      w.grid.routedCalls.slice(next).filter((call) => call.method === "users.info"),
    ).toHaveLength(1);
  });

  it("probe the other jobs' work in one query", async () => {
    const probe = async () => readTickProbe(db(), w.clock.now());
    w.clock.set("2026-11-23T09:00:00Z");
    expect(await probe()).toMatchObject({
      subscriptions: false,
      pendingProposals: false,
      overdueProposals: false,
      outboxWork: false,
      prunedToday: false,
      purgeWork: false,
    });
    const fake = await addTeam();
    await db().digestSubscription.create({
      data: { teamId: fake.teamId, channelId: "C001DUTY", createdBy: "U001ANN" },
    });
    await db().proposal.create({
      data: {
        teamId: fake.teamId,
        proposerId: "U001BEN",
        text: "Winter campaign",
        platforms: "linkedin",
        publishAt: new Date("2026-11-23T08:00:00Z"),
        goal: "awareness",
        contentType: "text",
        firstProposedAt: new Date("2026-11-22T08:00:00Z"),
        submittedAt: new Date("2026-11-22T08:00:00Z"),
      },
    });
    await db().outboxMessage.create({
      data: {
        teamId: fake.teamId,
        kind: "dm",
        target: "U001ANN",
        payload: JSON.stringify({ text: "hello" }),
        purpose: "test",
      },
    });
    await db().team.update({
      where: { id: fake.teamId },
      data: { uninstalledAt: new Date("2026-10-01T00:00:00Z") },
    });
    expect(await probe()).toMatchObject({
      subscriptions: true,
      pendingProposals: true,
      overdueProposals: true,
      outboxWork: true,
      prunedToday: false,
      purgeWork: true,
    });
    // A publish time still ahead is no expiry's business; a claimed row is no outbox work.
    await db().proposal.updateMany({ data: { publishAt: new Date("2026-12-01T08:00:00Z") } });
    await db().outboxMessage.updateMany({
      data: { claimedBy: "elsewhere", leaseUntil: new Date(Date.now() + 60_000) },
    });
    expect(await probe()).toMatchObject({ overdueProposals: false, outboxWork: false });

    // The tick prunes (claimed for today) and purges the team uninstalled 53 days ago.
    await (schedulers[0] as Scheduler).tick();
    expect(await probe()).toMatchObject({ prunedToday: true, purgeWork: false });
  });
});
