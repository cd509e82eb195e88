import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { weeklyDigestJob } from "../../../src/features/metrics/digest-job.ts";
import { digestInputVersions } from "../../../src/features/metrics/store.ts";
import { ALICE, command, digestRow, logFigures, withManager } from "./helpers.ts";

// The ticks in the 15 minutes before a digest falls due read its week and
// render it; the due tick posts what was prepared only when nothing the
// digest shows has changed since (digestInputVersions), and reads the week
// again otherwise. The team is in Europe/Amsterdam: due Monday 09:00 there,
// 08:00 UTC in November.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T07:00:00Z" });
  await withManager(h);
  expect(await command(h, ALICE, "/metrics", "subscribe <#C_GENERAL>")).toMatch(/will be posted/);
  await logFigures(h, ALICE, "linkedin", "2026-11-16", { reach: "500" });
});
afterEach(async () => {
  await h.close();
});

const run = (at: string) => weeklyDigestJob.run(h.app.built.deps, new Date(at));
const reachPosted = () =>
  digestRow(h.fake.messagesIn("C_GENERAL")[0]?.blocks, "LinkedIn").Reach ?? "";

describe("a digest prepared before its due minute", () => {
  it("is posted as prepared when nothing changed", async () => {
    expect(await run("2026-11-23T07:50:00Z")).toEqual([]);
    expect(h.fake.allFiles()).toHaveLength(1); // the chart, drawn on the tick before
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(1);
    expect(reachPosted()).toMatch(/^500\b/);
  });

  it("shows the figures of the due minute when they changed after it was prepared", async () => {
    expect(await run("2026-11-23T07:50:00Z")).toEqual([]);
    expect(await run("2026-11-23T07:55:00Z")).toEqual([]);
    // Corrected after the last tick before (by any replica, any write path).
    await h.database.db.metricsEntry.updateMany({
      where: { teamId: h.fake.teamId, platform: "linkedin", weekStart: "2026-11-16" },
      data: { reach: 900 },
    });
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(1);
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(1);
    expect(reachPosted()).toMatch(/^900\b/);
  });

  it("shows a platform logged after it was prepared", async () => {
    expect(await run("2026-11-23T07:50:00Z")).toEqual([]);
    await logFigures(h, ALICE, "instagram", "2026-11-16", { reach: "70" });
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(1);
    const blocks = h.fake.messagesIn("C_GENERAL")[0]?.blocks;
    expect(digestRow(blocks, "Instagram").Reach).toMatch(/^70\b/);
    expect(digestRow(blocks, "LinkedIn").Reach).toMatch(/^500\b/);
  });
});

describe("digestInputVersions", () => {
  it("moves with every change to what a team's digest shows, and for that team only", async () => {
    const db = h.database.db;
    const team = h.fake.teamId;
    await db.team.create({ data: { id: "T_OTHER" } });
    const versions = () => digestInputVersions(db, [team, "T_OTHER"]);
    const first = await versions();
    if (h.database.provider !== "postgresql") {
      // SQLite cannot say: the due tick reads every week again.
      expect(first).toBeNull();
      return;
    }
    const other = first?.get("T_OTHER");
    let previous = first?.get(team);
    const changes: Array<() => Promise<unknown>> = [
      () => db.metricsEntry.updateMany({ where: { teamId: team }, data: { reach: 501 } }),
      () =>
        db.metricsGoal.create({
          data: { teamId: team, platform: "linkedin", figure: "reach", target: 600, setBy: ALICE },
        }),
      () => db.metricsGoal.updateMany({ where: { teamId: team }, data: { target: 700 } }),
      () =>
        db.webcareCover.create({
          data: { teamId: team, date: "2026-11-18", userId: ALICE, createdBy: ALICE },
        }),
      () => db.team.update({ where: { id: team }, data: { language: "fr" } }),
      () => db.metricsEntry.deleteMany({ where: { teamId: team } }),
    ];
    for (const change of changes) {
      await change();
      const now = (await versions())?.get(team);
      expect(now).toBeDefined();
      expect(now).not.toBe(previous);
      previous = now;
    }
    // The same rows, the same version: a goal set and removed again changes nothing shown.
    await db.metricsGoal.create({
      data: { teamId: team, platform: "x", figure: "reach", target: 1, setBy: ALICE },
    });
    expect((await versions())?.get(team)).not.toBe(previous);
    await db.metricsGoal.deleteMany({ where: { teamId: team, platform: "x" } });
    expect((await versions())?.get(team)).toBe(previous);
    expect((await versions())?.get("T_OTHER")).toBe(other);
    expect(await versions()).toEqual(await versions()); // reading changes nothing
  });
});
