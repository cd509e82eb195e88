import { describe, expect, it } from "vitest";
import type { KnownBlock, SectionBlock, TableBlock } from "@slack/types";
import {
  computeDigest,
  type DigestInput,
  type MetricsWeek,
  type WorkflowFacts,
} from "../../src/features/metrics/digest.ts";
import { evaluateGoals, type Goal } from "../../src/features/metrics/goals.ts";
import { LOGGABLE_IDS, platformLabel } from "../../src/features/metrics/input.ts";
import { metricsFormat } from "../../src/features/metrics/format.ts";
import { headline, renderDigest, renderGoalList } from "../../src/features/metrics/render.ts";
import { validateMessageBlocks } from "../../src/sandbox/blockkit.ts";
import { PLATFORMS } from "../../src/features/proposals/validation.ts";

const { arrowChange: formatArrowChange, weekRange: formatWeekRange } = metricsFormat("en");
const WEEK = "2026-11-16";
const BEFORE = "2026-11-09";

const noWorkflow: WorkflowFacts = {
  proposed: 0,
  approved: 0,
  selfApproved: 0,
  rejected: 0,
  changesRequested: 0,
  decisionMinutes: [],
  stillPending: 0,
};

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    weekStart: WEEK,
    current: [],
    previous: [],
    workflow: noWorkflow,
    webcare: { daysCovered: 0, daysUncovered: 7 },
    ...overrides,
  };
}

function render(overrides: Partial<DigestInput> = {}) {
  return renderDigest(computeDigest(input(overrides)));
}

function allText(blocks: KnownBlock[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}

function sectionStarting(blocks: KnownBlock[] | undefined, start: string): string {
  const found = (blocks ?? []).find(
    (block): block is SectionBlock =>
      block.type === "section" && !!block.text?.text.startsWith(start),
  );
  if (!found?.text) throw new Error(`no section starting ${start}`);
  return found.text.text;
}

/** The platform table as text cells, header row first. */
function tableRows(blocks: KnownBlock[] | undefined): string[][] {
  const tables = (blocks ?? []).filter((block): block is TableBlock => block.type === "table");
  expect(tables).toHaveLength(1);
  return (tables[0]?.rows ?? []).map((row) =>
    row.map((cell) => ("text" in cell ? String(cell.text) : "")),
  );
}

/** One platform's row by column header: { Reach: "12,000 ▲ 20.0%", … }. */
function tableRow(blocks: KnownBlock[] | undefined, label: string): Record<string, string> {
  const [head = [], ...rows] = tableRows(blocks);
  const row = rows.find((cells) => cells[0] === label);
  if (!row) throw new Error(`no row ${label}`);
  return Object.fromEntries(head.map((column, i) => [column, row[i] ?? ""]));
}

function withGoals(goals: Goal[], overrides: Partial<DigestInput> = {}) {
  const model = computeDigest(input(overrides));
  const summary = evaluateGoals(goals, model, platformLabel, LOGGABLE_IDS);
  return { model, summary, reply: renderDigest(model, summary) };
}

const fullRow = (platform: string, weekStart: string, scale: number): MetricsWeek => ({
  platform,
  weekStart,
  reach: 1000 * scale,
  impressions: 2000 * scale,
  engagements: 100 * scale,
  clicks: 40 * scale,
  conversions: 4 * scale,
  followersGained: 10 * scale,
});

describe("formatWeekRange", () => {
  it.each([
    ["2026-11-16", "2026-11-22", "16–22 Nov 2026"],
    ["2026-11-30", "2026-12-06", "30 Nov – 6 Dec 2026"],
    ["2026-12-28", "2027-01-03", "28 Dec 2026 – 3 Jan 2027"],
  ])("%s to %s reads %s", (start, end, expected) => {
    expect(formatWeekRange(start, end)).toBe(expected);
  });
});

describe("formatArrowChange", () => {
  it.each([
    [{ kind: "up", percent: 20 }, "▲ 20.0%"],
    [{ kind: "down", percent: 7.25 }, "▼ 7.3%"],
    [{ kind: "up", points: 1.5 }, "▲ 1.5 pp"],
    [{ kind: "new" }, "new"],
    [{ kind: "same" }, "="],
    [{ kind: "no-data" }, ""],
  ] as const)("%j → %s", (change, expected) => {
    expect(formatArrowChange(change)).toBe(expected);
  });
});

describe("renderDigest", () => {
  it("a week with nothing logged still reads as a digest: headline, workflow, webcare, no data", () => {
    const reply = render();
    const text = allText(reply.blocks);
    expect(reply.blocks?.[0]).toMatchObject({
      type: "header",
      text: { text: "Weekly digest · 16–22 Nov 2026" },
    });
    expect(reply.blocks?.[1]).toMatchObject({
      type: "section",
      text: { text: "No platform figures logged this week" },
    });
    expect(text).toContain("9–15 Nov 2026");
    expect(sectionStarting(reply.blocks, "*Workflow*")).toBe(
      "*Workflow*  0 proposed · 0 approved · 0 rejected · 0 changes requested · median time to decision no data · approval rate no data · 0 still pending",
    );
    expect(sectionStarting(reply.blocks, "*Webcare*")).toBe(
      "*Webcare*  days covered 0 of 7 (7 without anyone on duty) · median first response no data · satisfaction no data",
    );
    expect(text).toContain("No platform figures were logged");
    expect(reply.blocks?.some((block) => block.type === "table")).toBe(false);
    expect(reply.text).toBe(
      "Weekly digest 16–22 Nov 2026: No platform figures logged this week; 0 proposed, 0 approved, 0 rejected, 0 still pending; webcare covered 0 of 7 days; no platform figures.",
    );
    expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
    expect(validateMessageBlocks(reply.blocks)).toBeNull();
  });

  it("one table row per platform: figures with ▲/▼ changes and the derived rates", () => {
    const reply = render({
      current: [
        {
          platform: "linkedin",
          weekStart: WEEK,
          reach: 12000,
          impressions: 20000,
          engagements: 900,
          clicks: 300,
          conversions: 15,
          followersGained: 42,
        },
      ],
      previous: [
        {
          platform: "linkedin",
          weekStart: BEFORE,
          reach: 10000,
          impressions: 20000,
          engagements: 800,
          clicks: 0,
          conversions: 0,
          followersGained: null,
        },
      ],
    });
    expect(tableRow(reply.blocks, "LinkedIn")).toEqual({
      Platform: "LinkedIn",
      Reach: "12,000 ▲ 20.0%",
      Impressions: "20,000 =",
      Engagements: "900 ▲ 12.5%",
      // A change from zero has no percentage: it is new.
      Clicks: "300 new",
      Conversions: "15 new",
      Followers: "42 new",
      "Eng. rate": "4.5% ▲ 0.5 pp",
      CTR: "1.5% ▲ 1.5 pp",
      // Last week's conversion rate divided by zero clicks: no data, so "new".
      "Conv. rate": "5.0% new",
    });
    expect(allText(reply.blocks)).toContain(
      "No data this week for X, Instagram, Facebook, TikTok, YouTube, Threads, Bluesky, Mastodon.",
    );
    expect(validateMessageBlocks(reply.blocks)).toBeNull();
  });

  it("figures missing this week read no data, never NaN or a division by zero", () => {
    const reply = render({
      current: [{ platform: "x", weekStart: WEEK, reach: 500, impressions: 0 }],
      previous: [{ platform: "x", weekStart: BEFORE, reach: 400, impressions: 100, clicks: 5 }],
    });
    const x = tableRow(reply.blocks, "X");
    expect(x.Reach).toBe("500 ▲ 25.0%");
    expect(x.Impressions).toBe("0 ▼ 100.0%");
    expect(x.Clicks).toBe("no data");
    expect(x["Eng. rate"]).toBe("no data");
    expect(x.CTR).toBe("no data");
    expect(x["Conv. rate"]).toBe("no data");
    expect(allText(reply.blocks)).not.toMatch(/NaN|Infinity/);
  });

  it("the headline names the biggest rise and the biggest fall", () => {
    const model = computeDigest(
      input({
        current: [
          { platform: "linkedin", weekStart: WEEK, reach: 1300, engagements: 50 },
          { platform: "x", weekStart: WEEK, reach: 1000, engagements: 93 },
        ],
        previous: [
          { platform: "linkedin", weekStart: BEFORE, reach: 1000, engagements: 49 },
          { platform: "x", weekStart: BEFORE, reach: 1000, engagements: 100 },
        ],
      }),
    );
    const empty = { results: [], met: 0, missed: 0, noData: 0, total: 0 };
    expect(headline(model, empty)).toBe("▲ LinkedIn reach +30%  ·  ▼ X engagements −7%");
  });

  it("goals: met, missed and no data, counted in the headline", () => {
    const { reply } = withGoals(
      [
        { platform: "linkedin", figure: "engagement-rate", target: 0.035 },
        { platform: "x", figure: "reach", target: 1000 },
        { platform: "tiktok", figure: "reach", target: 500 },
        { platform: "webcare", figure: "response-time", target: 30 },
      ],
      {
        current: [
          { platform: "linkedin", weekStart: WEEK, impressions: 2000, engagements: 70 },
          { platform: "x", weekStart: WEEK, reach: 900 },
          { platform: "webcare", weekStart: WEEK, responseMinutes: 25 },
        ],
      },
    );
    expect(reply.blocks?.[1]).toMatchObject({
      text: { text: expect.stringMatching(/^\*2 of 4 goals met\*/) },
    });
    expect(sectionStarting(reply.blocks, "*Goals*")).toBe(
      [
        "*Goals*",
        "❌ *X* reach: 900 (goal at least 1,000) — missed",
        "✅ *LinkedIn* engagement rate: 3.5% (goal at least 3.5%) — met",
        "⚪ *TikTok* reach: no data (goal at least 500) — no data",
        "✅ *Webcare* first-response time: 25 min (goal at most 30 min) — met",
      ].join("\n"),
    );
    expect(reply.text).toContain("2 of 4 goals met");
  });

  it("shows the chart as an image of the uploaded file, with its alt text", () => {
    const model = computeDigest(input({ current: [fullRow("linkedin", WEEK, 1)] }));
    const reply = renderDigest(model, undefined, {
      fileId: "F123",
      altText: "Reach: LinkedIn 1,000",
    });
    const image = reply.blocks?.find((block) => block.type === "image");
    expect(image).toMatchObject({
      type: "image",
      slack_file: { id: "F123" },
      alt_text: "Reach: LinkedIn 1,000",
    });
    expect(validateMessageBlocks(reply.blocks)).toBeNull();
  });

  it("workflow and webcare in a line each: counts, self-approvals, turnaround, slower or faster", () => {
    const reply = render({
      workflow: {
        proposed: 7,
        approved: 4,
        selfApproved: 1,
        rejected: 1,
        changesRequested: 1,
        decisionMinutes: [30, 90, 150, 200, 1500, 60],
        stillPending: 2,
      },
      webcare: { daysCovered: 7, daysUncovered: 0 },
      current: [{ platform: "webcare", weekStart: WEEK, responseMinutes: 45, satisfaction: 4.5 }],
      previous: [{ platform: "webcare", weekStart: BEFORE, responseMinutes: 60, satisfaction: 4 }],
    });
    expect(sectionStarting(reply.blocks, "*Workflow*")).toBe(
      "*Workflow*  7 proposed · 4 approved (1 self-approved) · 1 rejected · 1 changes requested · median time to decision 2 h · approval rate 66.7% · 2 still pending",
    );
    expect(sectionStarting(reply.blocks, "*Webcare*")).toBe(
      "*Webcare*  days covered 7 of 7 · median first response 45 min (▼ 25.0%, faster) · satisfaction 4.5 / 5 ▲ 12.5%",
    );
    // Webcare figures are not a platform of their own.
    expect(reply.blocks?.some((block) => block.type === "table")).toBe(false);
    expect(reply.text).toContain("webcare covered 7 of 7 days");

    const slower = render({
      current: [{ platform: "webcare", weekStart: WEEK, responseMinutes: 90 }],
      previous: [{ platform: "webcare", weekStart: BEFORE, responseMinutes: 60 }],
    });
    expect(sectionStarting(slower.blocks, "*Webcare*")).toContain(
      "median first response 1 h 30 min (▲ 50.0%, slower)",
    );
  });

  it("nine platforms, webcare and every possible goal fit Slack's limits, in the platforms' order", () => {
    const current = [
      ...PLATFORMS.map((p) => fullRow(p.id, WEEK, 2)),
      { platform: "webcare", weekStart: WEEK, responseMinutes: 30, satisfaction: 4.2 },
    ];
    const previous = PLATFORMS.map((p) => fullRow(p.id, BEFORE, 1));
    const goals: Goal[] = [
      ...PLATFORMS.flatMap((p) =>
        (["reach", "impressions", "engagements", "clicks", "conversions", "followers"] as const)
          .map((figure): Goal => ({ platform: p.id, figure, target: 1_000_000_000 }))
          .concat(
            (["engagement-rate", "ctr", "conversion-rate"] as const).map((figure) => ({
              platform: p.id,
              figure,
              target: 0.5,
            })),
          ),
      ),
      { platform: "webcare", figure: "response-time", target: 60 },
      { platform: "webcare", figure: "satisfaction", target: 4 },
    ];
    const { reply, summary } = withGoals(goals, { current, previous });
    expect(summary.total).toBe(83);
    const blocks = reply.blocks ?? [];
    expect(validateMessageBlocks(blocks)).toBeNull();
    expect(blocks.length).toBeLessThanOrEqual(50);
    const rows = tableRows(blocks);
    expect(rows.map((row) => row[0])).toEqual(["Platform", ...PLATFORMS.map((p) => p.label)]);
    expect(rows.every((row) => row.length === 10)).toBe(true);
    expect(tableRow(blocks, "Mastodon").Reach).toBe("2,000 ▲ 100.0%");
    for (const block of blocks) {
      if (block.type === "section") expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
    expect(allText(blocks)).not.toContain("No data this week");
    expect(reply.text).toContain("figures for 9 platforms");
    expect(reply.text).toContain("2 of 83 goals met");
  });

  it("unknown platform ids are escaped and the table stays within 100 rows", () => {
    const many: MetricsWeek[] = Array.from({ length: 120 }, (_, i) => ({
      platform: `<!channel>${i}`,
      weekStart: WEEK,
      reach: i + 1,
    }));
    const reply = render({ current: many });
    const text = allText(reply.blocks);
    expect(validateMessageBlocks(reply.blocks)).toBeNull();
    expect(tableRows(reply.blocks)).toHaveLength(100);
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toMatch(/…and 21 more platforms with figures/);
  });
});

describe("renderDigest in French", () => {
  it("nine platforms, webcare and every goal: French figures, still within Slack's limits", () => {
    const current = [
      ...PLATFORMS.map((p) => ({ ...fullRow(p.id, WEEK, 2000), followersGained: -120 })),
      { platform: "webcare", weekStart: WEEK, responseMinutes: 1620, satisfaction: 4.25 },
    ];
    const previous = PLATFORMS.map((p) => fullRow(p.id, BEFORE, 1000));
    const goals: Goal[] = PLATFORMS.flatMap((p) =>
      (["reach", "followers", "engagement-rate", "ctr", "conversion-rate"] as const).map(
        (figure): Goal => ({ platform: p.id, figure, target: figure === "reach" ? 1e9 : 0.5 }),
      ),
    );
    const model = computeDigest(
      input({
        current,
        previous,
        webcare: {
          daysCovered: 4,
          daysUncovered: 1,
          uncoveredDays: ["2026-11-18"],
          closedDays: ["2026-11-21", "2026-11-22"],
        },
      }),
    );
    const summary = evaluateGoals(goals, model, platformLabel, LOGGABLE_IDS);
    const reply = renderDigest(model, summary, { fileId: "F1", altText: "Portée" }, { lang: "fr" });
    expect(validateMessageBlocks(reply.blocks)).toBeNull();
    expect(reply.blocks?.[0]).toMatchObject({
      text: { text: "Bilan hebdomadaire · 16–22 nov. 2026" },
    });
    expect(tableRow(reply.blocks, "LinkedIn")).toMatchObject({
      Portée: "2\u202f000\u202f000 ▲ 100,0\u202f%",
      Abonnés: "\u2212120 ▼ 101,2\u202f%",
      "Tx d’engag.": "5,0\u202f% =",
    });
    expect(sectionStarting(reply.blocks, "*Webcare*")).toBe(
      "*Webcare*  jours couverts 4 sur 5 (1 sans personne de permanence\u00a0: mercredi\u00a0; fermé samedi et dimanche) · première réponse médiane 1\u00a0j 3\u00a0h · satisfaction 4,3\u00a0/\u00a05 nouveau",
    );
    expect(reply.text).toMatch(
      /^Bilan hebdomadaire 16–22 nov\. 2026\u00a0: \*?0 objectif atteint sur 45/,
    );
    expect(allText(reply.blocks)).not.toMatch(/NaN|Infinity|undefined|\+\u2212/);
    for (const block of reply.blocks ?? []) {
      if (block.type === "section") expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
  });
});

describe("renderGoalList", () => {
  it("lists goals in the digest's order, or says how to set one", () => {
    expect(renderGoalList([]).text).toMatch(/No goals yet/);
    const reply = renderGoalList([
      { platform: "linkedin", label: "LinkedIn", figure: "engagement-rate", target: 0.0325 },
      { platform: "webcare", label: "Webcare", figure: "satisfaction", target: 4.5 },
    ]);
    expect(allText(reply.blocks)).toContain(
      "• *LinkedIn* engagement-rate at least 3.25%\\n• *Webcare* satisfaction at least 4.5 / 5",
    );
    expect(validateMessageBlocks(reply.blocks)).toBeNull();
  });
});
