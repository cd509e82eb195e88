import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claim, claimMany, markStarted, once, release } from "../../../src/scheduler/ledger.ts";
import { pruneOld } from "../../../src/scheduler/prune.ts";
import { startHarness, type Harness } from "../../support/harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const key = { job: "test-job", scope: "T1", period: "2026-11-23" };

describe("the ledger", () => {
  it("a second claim of a period is refused without a failing statement", async () => {
    const first = await claim(h.database.db, key);
    expect(first).not.toBeNull();
    expect(await claim(h.database.db, key)).toBeNull();
    expect(await claim(h.database.db, key)).toBeNull();
    expect(await h.database.db.jobRun.count()).toBe(1);
  });

  it("ids are 64-bit: claims keep working past 2^31", async () => {
    // Years of claims later: the id counter is past what 32 bits hold.
    if (h.database.provider === "postgresql") {
      await h.database.db.$queryRawUnsafe(`SELECT setval('"JobRun_id_seq"', 1099511627776)`);
    } else {
      await h.database.db.jobRun.create({
        data: { job: "old", scope: "T1", period: "p", claimedBy: "x", id: 2n ** 40n },
      });
    }
    await claim(h.database.db, key);
    const row = await h.database.db.jobRun.findFirstOrThrow({ where: { job: key.job } });
    expect(row.id).toBeGreaterThan(2n ** 40n);
  });

  it("a claim whose post never started is taken again once its lease ran out; a started one never", async () => {
    const held = await claim(h.database.db, key);
    expect(held).not.toBeNull();
    const later = new Date(Date.now() + 3 * 60_000); // past the two-minute lease
    const other = await claim(h.database.db, key, later);
    expect(other).not.toBeNull();
    // The first holder lost it: it must not post.
    expect(await markStarted(h.database.db, held!)).toBe(false);
    expect(await markStarted(h.database.db, other!)).toBe(true);
    expect(await claim(h.database.db, key, new Date(Date.now() + 60 * 60_000))).toBeNull();
  });

  it("claimMany(): fresh keys in one go, others' claims refused, abandoned ones taken, past a batch", async () => {
    const keys = Array.from({ length: 450 }, (_, i) => ({ ...key, scope: `T1/C${i}` }));
    const theirs = await claim(h.database.db, keys[3]!);
    const abandoned = await claim(h.database.db, keys[7]!, new Date(Date.now() - 3 * 60_000));
    const started = await claim(h.database.db, keys[9]!, new Date(Date.now() - 3 * 60_000));
    expect(await markStarted(h.database.db, started!)).toBe(true);
    const held = await claimMany(h.database.db, keys);
    expect(held.map((c) => c.key.scope)).toEqual(
      keys.filter((_, i) => i !== 3 && i !== 9).map((k) => k.scope),
    );
    // Each claim is ours: its post may start; the one taken over no longer belongs to its first holder.
    expect(
      await markStarted(
        h.database.db,
        held.find((c) => c.key.scope === "T1/C7")!,
      ),
    ).toBe(true);
    expect(await markStarted(h.database.db, abandoned!)).toBe(false);
    expect(await markStarted(h.database.db, theirs!)).toBe(true);
    // A second replica racing for the same keys gets none of them.
    expect(await claimMany(h.database.db, keys)).toEqual([]);
    expect(await h.database.db.jobRun.count()).toBe(450);
  });

  it("a claim given back (nothing reached Slack) is taken by the next tick at once", async () => {
    const held = await claim(h.database.db, key);
    await release(h.database.db, held!);
    expect(await claim(h.database.db, key)).not.toBeNull();
  });

  it("once(): a permanent refusal is recorded failed and not retried; a transient one is retried", async () => {
    const refuse = (error: string) => async (started: () => Promise<boolean>) => {
      await started();
      throw Object.assign(new Error(error), {
        code: "slack_webapi_platform_error",
        data: { ok: false, error },
      });
    };
    const permanent = await once(h.database.db, key, refuse("channel_not_found"));
    expect(permanent).toMatchObject({ ran: true, failed: { class: "permanent" } });
    expect(await once(h.database.db, key, async () => "again")).toEqual({ ran: false });

    const other = { ...key, scope: "T2" };
    const transient = await once(h.database.db, other, refuse("ratelimited"));
    expect(transient).toMatchObject({ ran: true, failed: { class: "transient" } });
    expect(await once(h.database.db, other, async () => "sent")).toEqual({
      ran: true,
      value: "sent",
    });
  });
});

describe("pruning", () => {
  it("deletes ledger rows, processed events and finished outbox rows older than 90 days; keeps the audit", async () => {
    const db = h.database.db;
    const now = new Date("2026-11-23T03:00:00Z");
    const old = new Date("2026-08-01T00:00:00Z");
    const recent = new Date("2026-11-01T00:00:00Z");
    for (const [period, at] of [
      ["old", old],
      ["recent", recent],
    ] as const) {
      await db.jobRun.create({
        data: { job: "j", scope: "T1", period, claimedBy: "x", claimedAt: at, status: "sent" },
      });
      await db.processedEvent.create({ data: { eventId: `Ev${period}`, receivedAt: at } });
      await db.outboxMessage.create({
        data: {
          teamId: "T1",
          kind: "dm",
          target: "U1",
          payload: "{}",
          status: "delivered",
          finishedAt: at,
        },
      });
      await db.auditEntry.create({
        data: {
          teamId: "T1",
          actorId: "U1",
          action: "x",
          subjectType: "t",
          subjectId: period,
          createdAt: at,
        },
      });
    }
    const lines = await pruneOld(h.app.built.deps, now);
    expect(lines[0]).toMatch(/1 ledger rows, 1 processed events, 1 delivered messages/);
    expect((await db.jobRun.findMany({ where: { job: "j" } })).map((r) => r.period)).toEqual([
      "recent",
    ]);
    expect((await db.processedEvent.findMany()).map((e) => e.eventId)).toEqual(["Evrecent"]);
    expect(await db.outboxMessage.count()).toBe(1);
    expect(await db.auditEntry.count({ where: { teamId: "T1" } })).toBe(2);
    // Once a day.
    expect(await pruneOld(h.app.built.deps, now)).toEqual([]);
  });
});
