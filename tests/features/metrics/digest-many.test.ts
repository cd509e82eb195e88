import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { weeklyDigestJob } from "../../../src/features/metrics/digest-job.ts";
import { digestFor, digestsFor } from "../../../src/features/metrics/digest-week.ts";
import { nextTurn } from "../../../src/shared/turns.ts";
import type { Deps } from "../../../src/deps.ts";
import { LedgerMarks, claimMany, type Held } from "../../../src/scheduler/ledger.ts";

// The scheduled digest of many teams due at the same minute: their weeks are
// read together (digestsFor), claimed together and marked together; each
// team must get exactly what it would get on its own.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
});
afterEach(async () => {
  await h.close();
});

const WEEK = "2026-11-16";

/** A team with figures, goals, a rotation with a cover and an absence, and a week of decisions. */
async function seedTeam(teamId: string, timezone: string, scale: number): Promise<void> {
  const db = h.database.db;
  await db.team.create({ data: { id: teamId, timezone } });
  await db.metricsEntry.createMany({
    data: ["2026-09-28", "2026-11-02", "2026-11-09", WEEK, "2026-11-23"].flatMap((weekStart, w) =>
      ["linkedin", "x", "webcare"].map((platform) => ({
        teamId,
        platform,
        weekStart,
        reach: platform === "webcare" ? null : 1000 * scale + 100 * w,
        impressions: platform === "webcare" ? null : 4000 * scale + 10 * w,
        engagements: platform === "webcare" ? null : 120 + w * scale,
        clicks: platform === "x" ? 30 + w : null,
        conversions: platform === "x" ? w : null,
        responseMinutes: platform === "webcare" ? 30 + 5 * w * scale : null,
        satisfaction: platform === "webcare" ? 4.5 : null,
        loggedBy: "U_ALICE",
      })),
    ),
  });
  await db.metricsGoal.createMany({
    data: [
      { teamId, platform: "linkedin", figure: "reach", target: 1000 * scale, setBy: "U_ALICE" },
      { teamId, platform: "webcare", figure: "response-time", target: 40, setBy: "U_ALICE" },
    ],
  });
  await db.webcareRotation.create({
    data: {
      teamId,
      kind: scale % 2 === 0 ? "weekdays" : "daily",
      startDate: "2026-11-01",
      members: "U_ALICE,U_BOB",
      setBy: "U_ALICE",
    },
  });
  await db.webcareCover.create({
    data: { teamId, date: "2026-11-18", userId: "U_CAROL", createdBy: "U_ALICE" },
  });
  await db.webcareAbsence.create({
    data: {
      teamId,
      userId: "U_ALICE",
      fromDate: "2026-11-16",
      toDate: scale === 1 ? "2026-11-20" : "2026-11-16",
      createdBy: "U_ALICE",
    },
  });
  // Proposed in the week and decided in it; decided after it (pending at its
  // end); still pending; proposed the week after (not counted).
  const proposal = (at: string, status: string) =>
    db.proposal.create({
      data: {
        teamId,
        proposerId: "U_BOB",
        text: "A post",
        platforms: "linkedin",
        publishAt: new Date("2026-12-01T10:00:00Z"),
        goal: "awareness",
        contentType: "text",
        status,
        firstProposedAt: new Date(at),
        submittedAt: new Date(at),
      },
      select: { id: true },
    });
  for (let i = 0; i < scale; i += 1) {
    const decided = await proposal("2026-11-17T09:00:00Z", i % 2 === 0 ? "approved" : "rejected");
    await db.decision.create({
      data: {
        proposalId: decided.id,
        round: 1,
        outcome: i % 2 === 0 ? "approved" : "rejected",
        selfApproved: i === 2,
        deciderId: "U_ALICE",
        submittedAt: new Date("2026-11-17T09:00:00Z"),
        decidedAt: new Date(Date.parse("2026-11-17T10:00:00Z") + i * 3_600_000),
      },
    });
  }
  const late = await proposal("2026-11-20T09:00:00Z", "approved");
  await db.decision.create({
    data: {
      proposalId: late.id,
      round: 1,
      outcome: "approved",
      deciderId: "U_ALICE",
      submittedAt: new Date("2026-11-20T09:00:00Z"),
      decidedAt: new Date("2026-11-23T08:00:00Z"),
    },
  });
  await proposal("2026-11-21T09:00:00Z", "pending");
  await proposal("2026-11-23T09:30:00Z", "pending");
}

describe("many teams' digests read together", () => {
  it("digestsFor gives each team the digest digestFor gives it alone, a broken team its own error", async () => {
    const teams = [
      { id: "T_AMS", timezone: "Europe/Amsterdam" },
      { id: "T_NYC", timezone: "America/New_York" },
      { id: "T_TYO", timezone: "Asia/Tokyo" },
      { id: "T_AMS2", timezone: "Europe/Amsterdam" },
    ];
    for (const [i, team] of teams.entries()) await seedTeam(team.id, team.timezone, i + 1);
    const empty = { id: "T_EMPTY", timezone: "UTC" };
    const broken = { id: "T_MARS", timezone: "Mars/Olympus_Mons" };
    const db = h.database.db;

    for (const week of ["2026-11-09", WEEK]) {
      const all = await digestsFor(db, [...teams, empty, broken], week);
      for (const team of [...teams, empty]) {
        expect(all.get(team.id), `${team.id}, week of ${week}`).toEqual(
          await digestFor(db, team, week),
        );
      }
      expect(all.get(broken.id)).toBeInstanceOf(RangeError);
    }
    // The teams differ, so equal reports mean each got its own figures.
    const all = await digestsFor(db, teams, WEEK);
    expect(new Set(teams.map((team) => JSON.stringify(all.get(team.id)))).size).toBe(teams.length);
  });

  it("two replicas over many teams post each channel's digest once, with each team's own figures", async () => {
    const teamIds = Array.from({ length: 12 }, (_, i) => `T${String(i).padStart(3, "0")}`);
    for (const [i, teamId] of teamIds.entries()) {
      await seedTeam(teamId, "Europe/Amsterdam", i + 1);
      for (const channelId of ["C_GENERAL", "C_SOCIAL"]) {
        await h.database.db.digestSubscription.create({
          data: { teamId, channelId, createdBy: "U_ALICE", subscribedAt: new Date(0) },
        });
      }
    }
    const replica = await h.startReplica();
    const at = new Date("2026-11-23T08:00:00Z");
    // The tick before on one replica only (its charts), then both at the due minute.
    await weeklyDigestJob.run(h.app.built.deps, new Date("2026-11-23T07:59:00Z"));
    const [a, b] = await Promise.all([
      weeklyDigestJob.run(h.app.built.deps, at),
      weeklyDigestJob.run(replica.app.built.deps, at),
    ]);
    expect(a.length + b.length).toBe(24);
    // (Greenlight is not in #social yet: the first post there joins it and posts again.)
    const posts = () => h.fake.callsTo("chat.postMessage").filter((call) => call.response.ok);
    expect(posts()).toHaveLength(24);
    for (const channelId of ["C_GENERAL", "C_SOCIAL"]) {
      const messages = h.fake.messagesIn(channelId);
      expect(messages).toHaveLength(12);
      // Each team's digest carries its own figures: twelve different digests.
      expect(new Set(messages.map((m) => JSON.stringify(m.blocks))).size).toBe(12);
    }
    const rows = await h.database.db.jobRun.findMany({ where: { job: "weekly-digest" } });
    expect(rows).toHaveLength(24);
    expect(rows.every((row) => row.status === "sent" && row.detail && row.startedAt)).toBe(true);
    // Each row records where its own post landed.
    const landed = new Set(posts().map((call) => String(call.response.ts)));
    expect(new Set(rows.map((row) => row.detail))).toEqual(landed);
    // A later tick on either replica posts nothing more.
    expect(
      await weeklyDigestJob.run(replica.app.built.deps, new Date("2026-11-23T08:01:00Z")),
    ).toEqual([]);
    expect(posts()).toHaveLength(24);
  });
});

describe("the due tick over many teams", () => {
  /** Teams T000… subscribed in #general, their charts prepared on the tick before. */
  async function preparedTeams(count: number): Promise<string[]> {
    const teamIds = Array.from({ length: count }, (_, i) => `T${String(i).padStart(3, "0")}`);
    for (const [i, teamId] of teamIds.entries()) {
      await seedTeam(teamId, "Europe/Amsterdam", i + 1);
      await h.database.db.digestSubscription.create({
        data: { teamId, channelId: "C_GENERAL", createdBy: "U_ALICE", subscribedAt: new Date(0) },
      });
    }
    await weeklyDigestJob.run(h.app.built.deps, new Date("2026-11-23T07:59:00Z"));
    return teamIds;
  }
  const dueAt = new Date("2026-11-23T08:00:00Z");
  const posted = () => h.fake.callsTo("chat.postMessage").filter((call) => call.response.ok);

  it("posts prepared digests with each team's token, building no Slack client per team", async () => {
    const teamIds = await preparedTeams(4);
    const clientsAsked: string[] = [];
    const deps: Deps = {
      ...h.app.built.deps,
      slackFor: (teamId) => {
        clientsAsked.push(teamId);
        return h.app.built.deps.slackFor(teamId);
      },
    };
    expect(await weeklyDigestJob.run(deps, dueAt)).toHaveLength(teamIds.length);
    expect(clientsAsked).toEqual([]);
    expect(posted()).toHaveLength(teamIds.length);
    expect(new Set(h.fake.messagesIn("C_GENERAL").map((m) => JSON.stringify(m.blocks))).size).toBe(
      teamIds.length,
    );
  });

  it("gives back the claims of a team whose token could not be read: the others post now, it on the next tick, each once", async () => {
    const teamIds = await preparedTeams(3);
    const base = h.app.built.deps;
    const tokenFor = base.slackTokenFor;
    if (!tokenFor) throw new Error("the app gives a token lookup");
    const deps: Deps = {
      ...base,
      slackTokenFor: (teamId) =>
        teamId === "T001" ? Promise.reject(new Error("connection reset")) : tokenFor(teamId),
    };
    // The team's failure is reported (the run throws once every team was tried).
    await expect(weeklyDigestJob.run(deps, dueAt)).rejects.toThrow(/T001: connection reset/);
    expect(posted()).toHaveLength(teamIds.length - 1);
    // Its claim is not held for a lease: the next tick, on any replica, posts it.
    const replica = await h.startReplica();
    expect(
      await weeklyDigestJob.run(replica.app.built.deps, new Date("2026-11-23T08:01:00Z")),
    ).toHaveLength(1);
    expect(posted()).toHaveLength(teamIds.length);
    const rows = await h.database.db.jobRun.findMany({ where: { job: "weekly-digest" } });
    expect(rows.map((row) => row.status)).toEqual(teamIds.map(() => "sent"));
    expect(await weeklyDigestJob.run(base, new Date("2026-11-23T08:02:00Z"))).toEqual([]);
    expect(posted()).toHaveLength(teamIds.length);
  });
});

describe("LedgerMarks", () => {
  it("writes the sent marks that come while one statement is written in the next one, each row its own", async () => {
    const db = h.database.db;
    const key = (channel: string) => ({
      job: "weekly-digest",
      scope: `T1/${channel}`,
      period: WEEK,
    });
    // Two claims of one run and one of another (two tokens): one start statement.
    const held = [
      ...(await claimMany(db, [key("C1"), key("C2")])),
      ...(await claimMany(db, [key("C3")])),
    ] as [Held, Held, Held];
    let startStatements = 0;
    const starts = new LedgerMarks(db, (statement) => {
      startStatements += 1;
      return statement();
    });
    expect(await Promise.all(held.map((claim) => starts.start(claim)))).toEqual([true, true, true]);
    expect(startStatements).toBe(1);

    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    let sentStatements = 0;
    const marks = new LedgerMarks(db, async (statement) => {
      sentStatements += 1;
      await gate;
      return statement();
    });
    // The answers come back in different turns of the event loop, the first
    // one's statement still being written when the others come.
    const [first, second, third] = held;
    const done = [marks.sent(first, "1.0001")];
    await nextTurn();
    await nextTurn();
    done.push(marks.sent(second, "1.0002"));
    await nextTurn();
    done.push(marks.sent(third, "1.0003"));
    await nextTurn();
    open();
    await Promise.all(done);
    expect(sentStatements).toBe(2);
    const rows = await db.jobRun.findMany({ orderBy: { scope: "asc" } });
    expect(rows.map((row) => [row.scope, row.status, row.detail])).toEqual([
      ["T1/C1", "sent", "1.0001"],
      ["T1/C2", "sent", "1.0002"],
      ["T1/C3", "sent", "1.0003"],
    ]);
  });

  it("writes the marks asked for together in one statement, each row its own: a claim taken over is not started", async () => {
    const db = h.database.db;
    const keys = ["C1", "C2", "C3"].map((channel) => ({
      job: "weekly-digest",
      scope: `T1/${channel}`,
      period: WEEK,
    }));
    const held = await claimMany(db, keys);
    expect(held).toHaveLength(3);
    // C3's claim was taken over by another replica meanwhile (its lease ran out).
    await db.jobRun.updateMany({
      where: { scope: "T1/C3" },
      data: { claimedBy: "other-replica:1:abc" },
    });
    const statements: number[] = [];
    const marks = new LedgerMarks(db, async (statement) => {
      statements.push(1);
      return statement();
    });
    const started = await Promise.all(held.map((claim) => marks.start(claim)));
    expect(started).toEqual([true, true, false]);
    expect(statements).toHaveLength(1);
    const [first, second] = held as [Held, Held];
    await Promise.all([marks.sent(first, "1.0001"), marks.sent(second, "1.0002")]);
    expect(statements).toHaveLength(2);
    const rows = await db.jobRun.findMany({ orderBy: { scope: "asc" } });
    expect(rows.map((row) => [row.scope, row.status, row.detail, row.startedAt !== null])).toEqual([
      ["T1/C1", "sent", "1.0001", true],
      ["T1/C2", "sent", "1.0002", true],
      ["T1/C3", "claimed", null, false],
    ]);
  });
});
