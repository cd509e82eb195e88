import { describe, expect, it } from "vitest";
import {
  changeOf,
  computeDigest,
  median,
  rateChangeOf,
  type DigestInput,
  type MetricsWeek,
  type WorkflowFacts,
} from "../../src/features/metrics/digest.ts";
import { PLATFORMS } from "../../src/features/proposals/validation.ts";
import { metricsFormat } from "../../src/features/metrics/format.ts";

const {
  percent: formatPercent,
  change: formatChange,
  duration: formatDuration,
  count: formatCount,
} = metricsFormat("en");
const french = metricsFormat("fr");

const weekStart = "2026-03-23";
const previousWeek = "2026-03-16";

const noWorkflow: WorkflowFacts = {
  proposed: 0,
  approved: 0,
  selfApproved: 0,
  rejected: 0,
  changesRequested: 0,
  decisionMinutes: [],
  stillPending: 0,
};

const input = (patch: Partial<DigestInput>): DigestInput => ({
  weekStart,
  current: [],
  previous: [],
  workflow: noWorkflow,
  webcare: { daysCovered: 0, daysUncovered: 0 },
  ...patch,
});

const row = (platform: string, figures: Partial<MetricsWeek>, week = weekStart): MetricsWeek => ({
  platform,
  weekStart: week,
  ...figures,
});

describe("median", () => {
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 20], 15],
    [[1, 1, 1, 100], 1],
    [[0, 0], 0],
    [[Number.NaN, 4, Number.POSITIVE_INFINITY], 4], // only real numbers count
  ])("%j → %s", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("week-over-week change", () => {
  it.each([
    [null, null, { kind: "no-data" }],
    [null, 10, { kind: "no-data" }],
    [0, null, { kind: "no-data" }], // 0 with nothing to compare: no movement to report
    [5, null, { kind: "new" }],
    [5, 0, { kind: "new" }],
    [-3, 0, { kind: "new" }], // followers lost from a standing start
    [0, 0, { kind: "same" }],
    [10, 10, { kind: "same" }],
    [100001, 100000, { kind: "same" }], // +0.001% rounds to 0.0
    [0, 50, { kind: "down", percent: 100 }],
    [4, 3, { kind: "up", percent: 33.3 }], // 1/3
    [2, 3, { kind: "down", percent: 33.3 }],
    [5, 3, { kind: "up", percent: 66.7 }], // 2/3 rounds up
    [300, 100, { kind: "up", percent: 200 }],
    [112.5, 100, { kind: "up", percent: 12.5 }],
    [-5, -10, { kind: "up", percent: 50 }], // fewer followers lost
    [5, -10, { kind: "up", percent: 150 }],
    [-20, -10, { kind: "down", percent: 100 }],
  ] as const)("%s after %s → %j", (value, previous, expected) => {
    expect(changeOf(value, previous)).toEqual(expected);
  });

  it.each([
    [null, 0.1, { kind: "no-data" }],
    [0.05, null, { kind: "new" }],
    [0.05, 0.05, { kind: "same" }],
    [0.055, 0.04, { kind: "up", points: 1.5 }],
    [0.04, 0.055, { kind: "down", points: 1.5 }],
    [0, 0.1, { kind: "down", points: 10 }],
    [0.1, 0, { kind: "up", points: 10 }],
    [1 / 3, 0, { kind: "up", points: 33.3 }],
  ] as const)("rate %s after %s → %j", (value, previous, expected) => {
    expect(rateChangeOf(value, previous)).toEqual(expected);
  });
});

describe("computeDigest", () => {
  it("an empty week is still a digest: workflow and webcare, no platforms, no NaN", () => {
    const digest = computeDigest(input({}));
    expect(digest).toEqual({
      weekStart,
      weekEnd: "2026-03-29",
      previousWeekStart: previousWeek,
      platforms: [],
      workflow: {
        proposed: 0,
        approved: 0,
        selfApproved: 0,
        rejected: 0,
        changesRequested: 0,
        stillPending: 0,
        decisions: 0,
        medianDecisionMinutes: null,
        approvalRate: null,
      },
      webcare: {
        daysCovered: 0,
        daysUncovered: 0,
        uncoveredDays: [],
        closedDays: [],
        responseMinutes: { value: null, previous: null, change: { kind: "no-data" } },
        satisfaction: { value: null, previous: null, change: { kind: "no-data" } },
      },
    });
  });

  it("zeros everywhere: figures are 0, rates are no data, changes are same", () => {
    const zeros = {
      reach: 0,
      impressions: 0,
      engagements: 0,
      clicks: 0,
      conversions: 0,
      followersGained: 0,
    };
    const digest = computeDigest(
      input({ current: [row("x", zeros)], previous: [row("x", zeros, previousWeek)] }),
    );
    const [x] = digest.platforms;
    expect(x?.figures.reach).toEqual({ value: 0, previous: 0, change: { kind: "same" } });
    expect(x?.figures.followersGained.change).toEqual({ kind: "same" });
    for (const rate of Object.values(x?.rates ?? {})) {
      expect(rate).toEqual({ value: null, previous: null, change: { kind: "no-data" } });
    }
    expect(JSON.stringify(digest)).not.toMatch(/NaN|Infinity|null:/);
  });

  it("figures, derived rates and their changes", () => {
    const digest = computeDigest(
      input({
        current: [
          row("linkedin", {
            reach: 1200,
            impressions: 3000,
            engagements: 150,
            clicks: 60,
            conversions: 3,
            followersGained: 12,
          }),
        ],
        previous: [
          row(
            "linkedin",
            {
              reach: 1000,
              impressions: 2000,
              engagements: 80,
              clicks: 60,
              conversions: 2,
              followersGained: 12,
            },
            previousWeek,
          ),
        ],
      }),
    );
    const [linkedin] = digest.platforms;
    expect(linkedin?.label).toBe("LinkedIn");
    expect(linkedin?.figures.reach).toEqual({
      value: 1200,
      previous: 1000,
      change: { kind: "up", percent: 20 },
    });
    expect(linkedin?.figures.impressions.change).toEqual({ kind: "up", percent: 50 });
    expect(linkedin?.figures.followersGained.change).toEqual({ kind: "same" });
    // engagement rate 150/3000 = 5% after 80/2000 = 4%: up 1 point.
    expect(linkedin?.rates.engagementRate).toEqual({
      value: 0.05,
      previous: 0.04,
      change: { kind: "up", points: 1 },
    });
    // CTR 60/3000 = 2% after 60/2000 = 3%: down 1 point.
    expect(linkedin?.rates.ctr.value).toBeCloseTo(0.02);
    expect(linkedin?.rates.ctr.change).toEqual({ kind: "down", points: 1 });
    // Conversion rate 3/60 = 5% after 2/60 = 3.3%: up 1.7 points.
    expect(linkedin?.rates.conversionRate.change).toEqual({ kind: "up", points: 1.7 });
  });

  it("missing previous week: figures are new, rates are new", () => {
    const digest = computeDigest(
      input({ current: [row("instagram", { reach: 500, impressions: 900, engagements: 90 })] }),
    );
    const [instagram] = digest.platforms;
    expect(instagram?.figures.reach).toEqual({
      value: 500,
      previous: null,
      change: { kind: "new" },
    });
    expect(instagram?.figures.clicks).toEqual({
      value: null,
      previous: null,
      change: { kind: "no-data" },
    });
    expect(instagram?.rates.engagementRate).toEqual({
      value: 0.1,
      previous: null,
      change: { kind: "new" },
    });
    expect(instagram?.rates.ctr.value).toBeNull(); // no clicks logged
    expect(instagram?.rates.conversionRate.value).toBeNull();
  });

  it("a platform with figures only last week is shown, with no data this week", () => {
    const digest = computeDigest(input({ previous: [row("x", { reach: 10 }, previousWeek)] }));
    expect(digest.platforms.map((p) => p.platform)).toEqual(["x"]);
    expect(digest.platforms[0]?.figures.reach).toEqual({
      value: null,
      previous: 10,
      change: { kind: "no-data" },
    });
  });

  it.each([
    ["impressions 0", { engagements: 5, clicks: 5, impressions: 0, conversions: 1 }],
    ["impressions missing", { engagements: 5, clicks: 5, conversions: 1 }],
  ])("division by zero is no data, never NaN or Infinity (%s)", (_, figures) => {
    const [p] = computeDigest(input({ current: [row("facebook", figures)] })).platforms;
    expect(p?.rates.engagementRate.value).toBeNull();
    expect(p?.rates.ctr.value).toBeNull();
    expect(p?.rates.conversionRate.value).toBe(0.2);
  });

  it("conversions without clicks: no conversion rate", () => {
    const [p] = computeDigest(
      input({ current: [row("x", { conversions: 4, clicks: 0 })] }),
    ).platforms;
    expect(p?.rates.conversionRate).toEqual({
      value: null,
      previous: null,
      change: { kind: "no-data" },
    });
  });

  it("rows without any figure do not make a platform appear", () => {
    const digest = computeDigest(
      input({
        current: [row("threads", { reach: null, clicks: undefined })],
        previous: [row("x", {}, previousWeek)],
      }),
    );
    expect(digest.platforms).toEqual([]);
  });

  it("all nine platforms in the modal's order, webcare apart, unknown ids last", () => {
    const shuffled = [...PLATFORMS].reverse().map((p) => row(p.id, { reach: 1 }));
    const digest = computeDigest(
      input({
        current: [
          row("zz-legacy", { reach: 3 }),
          row("webcare", { responseMinutes: 42, satisfaction: 4.5 }),
          ...shuffled,
          row("aa-legacy", { reach: 2 }),
        ],
        previous: [row("webcare", { responseMinutes: 60, satisfaction: 4.5 }, previousWeek)],
      }),
    );
    expect(digest.platforms.map((p) => p.label)).toEqual([
      "X",
      "LinkedIn",
      "Instagram",
      "Facebook",
      "TikTok",
      "YouTube",
      "Threads",
      "Bluesky",
      "Mastodon",
      "aa-legacy",
      "zz-legacy",
    ]);
    expect(digest.webcare.responseMinutes).toEqual({
      value: 42,
      previous: 60,
      change: { kind: "down", percent: 30 },
    });
    expect(digest.webcare.satisfaction.change).toEqual({ kind: "same" });
  });

  it("replacement is the caller's job; given two rows for a platform, the last one counts", () => {
    const digest = computeDigest(
      input({ current: [row("x", { reach: 1 }), row("x", { reach: 7 })] }),
    );
    expect(digest.platforms[0]?.figures.reach.value).toBe(7);
  });

  it("workflow: counts, median decision time and approval rate", () => {
    const digest = computeDigest(
      input({
        workflow: {
          proposed: 9,
          approved: 4,
          selfApproved: 1,
          rejected: 1,
          changesRequested: 1,
          decisionMinutes: [30, 240, 45, 60, 1500, 10],
          stillPending: 3,
        },
        webcare: { daysCovered: 6, daysUncovered: 1 },
      }),
    );
    expect(digest.workflow).toEqual({
      proposed: 9,
      approved: 4,
      selfApproved: 1,
      rejected: 1,
      changesRequested: 1,
      stillPending: 3,
      decisions: 6,
      medianDecisionMinutes: 52.5,
      approvalRate: 4 / 6,
    });
    expect(formatPercent(digest.workflow.approvalRate)).toBe("66.7%");
    expect(digest.webcare).toMatchObject({ daysCovered: 6, daysUncovered: 1 });
  });

  it("refuses a week that is not a date", () => {
    expect(() => computeDigest(input({ weekStart: "last week" }))).toThrow(RangeError);
  });
});

describe("formatters", () => {
  it.each([
    [null, "no data"],
    [0, "0.0%"],
    [0.0425, "4.3%"],
    [1 / 3, "33.3%"],
    [1, "100.0%"],
    [1.5, "150.0%"],
    [Number.NaN, "no data"],
  ])("formatPercent(%s) = %s", (rate, expected) => {
    expect(formatPercent(rate)).toBe(expected);
  });

  it.each([
    [{ kind: "up", percent: 12.5 }, "+12.5%"],
    [{ kind: "down", percent: 3 }, "\u22123.0%"],
    [{ kind: "down", percent: 100 }, "\u2212100.0%"],
    [{ kind: "up", points: 1.5 }, "+1.5 pp"],
    [{ kind: "down", points: 0.2 }, "\u22120.2 pp"],
    [{ kind: "new" }, "new"],
    [{ kind: "no-data" }, "no data"],
    [{ kind: "same" }, "="],
  ] as const)("formatChange(%j) = %s", (change, expected) => {
    expect(formatChange(change)).toBe(expected);
  });

  it.each([
    [null, "no data"],
    [0, "0 min"],
    [0.4, "0 min"],
    [45, "45 min"],
    [52.5, "53 min"],
    [59.6, "1 h"],
    [60, "1 h"],
    [125, "2 h 05 min"],
    [599, "9 h 59 min"],
    [1439, "23 h 59 min"],
    [1440, "1 d"],
    [1620, "1 d 3 h"],
    [1679, "1 d 3 h"],
    [4 * 1440 + 60, "4 d 1 h"],
    [-5, "0 min"],
  ])("formatDuration(%s) = %s", (minutes, expected) => {
    expect(formatDuration(minutes)).toBe(expected);
  });

  it.each([
    [null, "no data"],
    [0, "0"],
    [12345, "12,345"],
    [-12, "\u221212"],
    [4.25, "4.3"],
  ])("formatCount(%s) = %s", (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });

  it("French: CLDR's narrow no-break spaces, a comma for decimals, a real minus sign", () => {
    expect(french.count(12345)).toBe("12\u202f345");
    expect(french.count(-120)).toBe("\u2212120");
    expect(french.count(null)).toBe("pas de données");
    expect(french.percent(0.035)).toBe("3,5\u202f%");
    expect(french.change({ kind: "up", percent: 12.5 })).toBe("+12,5\u202f%");
    expect(french.change({ kind: "down", percent: 3 })).toBe("\u22123,0\u202f%");
    expect(french.change({ kind: "up", points: 1.5 })).toBe("+1,5\u00a0pt");
    expect(french.change({ kind: "new" })).toBe("nouveau");
    expect(french.arrowChange({ kind: "down", percent: 7.25 })).toBe("▼ 7,3\u202f%");
    expect(french.duration(1620)).toBe("1\u00a0j 3\u00a0h");
    expect(french.duration(125)).toBe("2\u00a0h 05\u00a0min");
    expect(french.score(4.25)).toBe("4,3\u00a0/\u00a05");
    expect(french.weekRange("2026-11-16", "2026-11-22")).toBe("16–22 nov. 2026");
    expect(french.weekRange("2026-12-28", "2027-01-03")).toBe("28 déc. 2026 – 3 janv. 2027");
    expect(french.weekday("2026-11-21")).toBe("samedi");
    expect(french.signedWholePercent("down", 7)).toBe("\u22127\u202f%");
    // Never "+−" and never NaN, whatever the figure.
    for (const value of [-120, 0, Number.NaN, Infinity]) {
      expect(french.count(value)).not.toMatch(/NaN|Infinity|\+\u2212|-/);
    }
  });
});

describe("the webcare figure follows the rotation's own rules", () => {
  // Imported here: digest-job.ts is the one place that reads the duty days.
  it("closed days (weekends of a weekdays rotation) are not uncovered; gaps are", async () => {
    const { webcareFacts } = await import("../../src/features/metrics/digest-week.ts");
    const { dutySchedule } = await import("../../src/features/webcare/rotation.ts");
    const plan = {
      rotations: [{ startDate: "2026-11-02", members: ["U_A", "U_B"], kind: "weekdays" as const }],
      absences: [
        { userId: "U_A", from: "2026-11-18", to: "2026-11-18" },
        { userId: "U_B", from: "2026-11-18", to: "2026-11-18" },
      ],
    };
    expect(webcareFacts(dutySchedule("2026-11-16", 7, plan))).toEqual({
      daysCovered: 4,
      daysUncovered: 1,
      uncoveredDays: ["2026-11-18"],
      closedDays: ["2026-11-21", "2026-11-22"],
    });
    // A weekend rotation serves the weekend: nothing is closed.
    const withWeekend = {
      ...plan,
      absences: [],
      weekends: [{ startDate: "2026-11-02", members: ["U_C"] }],
    };
    expect(webcareFacts(dutySchedule("2026-11-16", 7, withWeekend))).toMatchObject({
      daysCovered: 7,
      daysUncovered: 0,
      closedDays: [],
    });
    // No rotation at all: closed all week, nothing uncovered.
    expect(webcareFacts(dutySchedule("2026-11-16", 7, { rotations: [] }))).toMatchObject({
      daysCovered: 0,
      daysUncovered: 0,
    });
  });
});
