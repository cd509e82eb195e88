import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebClient } from "@slack/web-api";
import { silentLogger, startHarness, type Harness } from "../../support/harness.ts";
import { ChartShelf } from "../../../src/features/metrics/digest-chart.ts";
import { digestFor } from "../../../src/features/metrics/digest-week.ts";
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

describe("ChartShelf", () => {
  const week = "2026-11-16";
  const team = () => ({ id: h.fake.teamId, timezone: "Europe/Amsterdam" });
  const client = () => new WebClient("xoxb-test-token", { slackApiUrl: h.fake.apiUrl });

  it("uploads a chart asked for twice in one turn once, and keeps it for the due tick", async () => {
    const shelf = new ChartShelf();
    const report = await digestFor(h.database.db, team(), week);
    expect(shelf.has(h.fake.teamId, report, "fr")).toBe(false);
    expect(await shelf.prepared(h.fake.teamId, report, "fr")).toBeNull();
    const [first, second] = await Promise.all([
      shelf.chart(client(), h.fake.teamId, report, silentLogger, "fr"),
      shelf.chart(client(), h.fake.teamId, report, silentLogger, "fr"),
    ]);
    expect(h.fake.allFiles()).toHaveLength(1);
    expect(second).toBe(first);
    expect(first.image?.fileId).toBe(h.fake.allFiles()[0]?.id);
    expect(shelf.has(h.fake.teamId, report, "fr")).toBe(true);
    expect(await shelf.prepared(h.fake.teamId, report, "fr")).toBe(first);
    // Another language is another chart.
    expect(shelf.has(h.fake.teamId, report, "en")).toBe(false);
  });

  it("draws again when the figures changed, and when the upload failed", async () => {
    const shelf = new ChartShelf();
    h.fake.failNext("files.completeUploadExternal", { error: "internal_error" });
    const report = await digestFor(h.database.db, team(), week);
    expect((await shelf.chart(client(), h.fake.teamId, report, silentLogger, "en")).missing).toBe(
      "failed",
    );
    expect(shelf.has(h.fake.teamId, report, "en")).toBe(false);
    expect(await shelf.prepared(h.fake.teamId, report, "en")).toBeNull();
    const retried = await shelf.chart(client(), h.fake.teamId, report, silentLogger, "en");
    expect(retried.image).not.toBeNull();

    await logFigures(h, ALICE, "linkedin", week, { reach: "900" });
    const changed = await digestFor(h.database.db, team(), week);
    expect(shelf.has(h.fake.teamId, changed, "en")).toBe(false);
    expect(await shelf.prepared(h.fake.teamId, changed, "en")).toBeNull();
    const redrawn = await shelf.chart(client(), h.fake.teamId, changed, silentLogger, "en");
    expect(redrawn.image?.fileId).not.toBe(retried.image?.fileId);
  });

  it("has nothing to draw for a week with no figures, and uploads nothing", async () => {
    const shelf = new ChartShelf();
    const empty = await digestFor(h.database.db, team(), "2026-10-05");
    expect(shelf.has(h.fake.teamId, empty, "en")).toBe(true);
    expect(await shelf.prepared(h.fake.teamId, empty, "en")).toEqual({
      image: null,
      missing: "nothing-to-draw",
    });
    expect((await shelf.chart(client(), h.fake.teamId, empty, silentLogger, "en")).missing).toBe(
      "nothing-to-draw",
    );
    expect(h.fake.allFiles()).toHaveLength(0);
  });
});
