import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { weeklyDigestJob } from "../../../src/features/metrics/digest-job.ts";
import { validateMessageBlocks } from "../../../src/sandbox/index.ts";
import { ALICE, BOB, CAROL, command, digestLine, logFigures, withManager } from "./helpers.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-23T07:00:00Z" });
  await withManager(h);
});
afterEach(async () => {
  await h.close();
});

const goals = () =>
  h.database.db.metricsGoal.findMany({
    select: { platform: true, figure: true, target: true, setBy: true },
    orderBy: { id: "asc" },
  });

describe("/metrics goal", () => {
  it("a manager sets goals in English or French notation; /metrics goals lists them", async () => {
    expect(await command(h, ALICE, "/metrics", "goal linkedin engagement-rate 3.5%")).toBe(
      "Goal set: *LinkedIn* engagement-rate at least 3.5% a week. The weekly digest shows whether it was met.",
    );
    expect(await command(h, ALICE, "/metrics", "goal LinkedIn engagement-rate 3,5 %")).toBe(
      "Goal changed: *LinkedIn* engagement-rate at least 3.5% a week (it was at least 3.5%).",
    );
    await command(h, ALICE, "/metrics", "goal webcare response-time 30");
    await command(h, ALICE, "/metrics", "goal x reach 10 000");
    expect(await goals()).toEqual([
      { platform: "linkedin", figure: "engagement-rate", target: 0.035, setBy: ALICE },
      { platform: "webcare", figure: "response-time", target: 30, setBy: ALICE },
      { platform: "x", figure: "reach", target: 10000, setBy: ALICE },
    ]);
    // Anyone may read them, in the digest's order.
    await h.slack.command(CAROL, "/metrics", "goals");
    const list = JSON.stringify(h.fake.ephemeralsTo(CAROL).at(-1)?.blocks);
    expect(list).toContain(
      "• *X* reach at least 10,000\\n• *LinkedIn* engagement-rate at least 3.5%\\n• *Webcare* response-time at most 30 min",
    );
    expect(validateMessageBlocks(h.fake.ephemeralsTo(CAROL).at(-1)?.blocks)).toBeNull();

    expect(await command(h, ALICE, "/metrics", "goal x reach off")).toBe(
      "Goal removed: *X* reach.",
    );
    expect(await command(h, ALICE, "/metrics", "goal x reach off")).toBe(
      "There is no goal for *X* reach. Nothing changed.",
    );
    expect(await goals()).toHaveLength(2);
    const audit = await h.database.db.auditEntry.findMany({
      where: { subjectType: "metrics_goal" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "metrics.goal_set",
      "metrics.goal_changed",
      "metrics.goal_set",
      "metrics.goal_set",
      "metrics.goal_removed",
    ]);
  });

  it("only managers, analysts and workspace admins set goals; a bad target stores nothing", async () => {
    expect(await command(h, BOB, "/metrics", "goal x reach 100")).toMatch(
      /^Only managers, analysts and workspace admins can set goals/,
    );
    expect(await command(h, ALICE, "/metrics", "goal x ctr 120%")).toMatch(
      /^Usage: \/metrics goal .*“120%” is not a percentage from 0 to 100\./,
    );
    expect(await goals()).toEqual([]);
    await command(h, ALICE, "/role", `assign <@${BOB}> analyst`);
    expect(await command(h, BOB, "/metrics", "goal x reach 100")).toMatch(/^Goal set/);
    expect(await goals()).toHaveLength(1);
  });

  it("the weekly digest shows each goal and how many were met; no data is never a division by zero", async () => {
    await command(h, ALICE, "/metrics", "subscribe <#C_GENERAL>");
    await command(h, ALICE, "/metrics", "goal linkedin engagement-rate 3.5%");
    await command(h, ALICE, "/metrics", "goal linkedin reach 5000");
    await command(h, ALICE, "/metrics", "goal x ctr 1%");
    await logFigures(h, ALICE, "linkedin", "2026-11-16", {
      reach: "6000",
      impressions: "10000",
      engagements: "400",
    });
    // X logged reach only: its CTR has no data.
    await logFigures(h, ALICE, "x", "2026-11-16", { reach: "10" });
    await weeklyDigestJob.run(h.app.built.deps, new Date("2026-11-23T08:00:00Z"));
    const [message] = h.fake.messagesIn("C_GENERAL");
    expect(validateMessageBlocks(message?.blocks)).toBeNull();
    expect(message?.text).toContain("2 of 3 goals met");
    expect(digestLine(message?.blocks, "*Goals*").split("\n")).toEqual([
      "*Goals*",
      "⚪ *X* click-through rate: no data (goal at least 1%) — no data",
      "✅ *LinkedIn* reach: 6,000 (goal at least 5,000) — met",
      "✅ *LinkedIn* engagement rate: 4.0% (goal at least 3.5%) — met",
    ]);
    expect(JSON.stringify(message?.blocks)).not.toMatch(/NaN|Infinity/);
  });
});
