import { describe, expect, it } from "vitest";
import type { KnownBlock, SectionBlock } from "@slack/types";
import {
  computeDigest,
  type DigestInput,
  type MetricsWeek,
  type WorkflowFacts,
} from "../../src/features/metrics/digest.ts";
import { formatWeekRange, renderDigest } from "../../src/features/metrics/render.ts";
import { PLATFORMS } from "../../src/features/proposals/validation.ts";

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

function sectionTitled(blocks: KnownBlock[] | undefined, title: string): SectionBlock {
  const found = (blocks ?? []).find(
    (block): block is SectionBlock => block.type === "section" && block.text?.text === title,
  );
  if (!found) throw new Error(`no section titled ${title}`);
  return found;
}

function field(section: SectionBlock, label: string): string {
  const found = section.fields?.find((f) => f.text.startsWith(`*${label}*\n`));
  if (!found) throw new Error(`no field ${label}`);
  return found.text.slice(label.length + 3);
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

describe("renderDigest", () => {
  it("a week with nothing logged still reads as a digest: workflow, webcare, no data", () => {
    const reply = render();
    const text = allText(reply.blocks);
    expect(reply.blocks?.[0]).toMatchObject({
      type: "header",
      text: { text: "Weekly digest · 16–22 Nov 2026" },
    });
    expect(text).toContain("9–15 Nov 2026");
    const workflow = sectionTitled(reply.blocks, "*Workflow*");
    expect(field(workflow, "Posts proposed")).toBe("0");
    expect(field(workflow, "Median time to decision")).toBe("no data");
    expect(field(workflow, "Approval rate")).toBe("no data");
    const webcare = sectionTitled(reply.blocks, "*Webcare*");
    expect(field(webcare, "Days covered")).toBe("0 of 7 (7 without anyone on duty)");
    expect(field(webcare, "Median first response")).toBe("no data");
    expect(field(webcare, "Satisfaction")).toBe("no data");
    expect(text).toContain("No platform figures were logged");
    expect(reply.text).toBe(
      "Weekly digest 16–22 Nov 2026: 0 proposed, 0 approved, 0 rejected, 0 still pending; webcare covered 0 of 7 days; no platform figures.",
    );
    expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
  });

  it("shows figures, their change and the derived rates per platform", () => {
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
    const linkedin = sectionTitled(reply.blocks, "*LinkedIn*");
    expect(field(linkedin, "Reach")).toBe("12,000 (+20.0%)");
    expect(field(linkedin, "Impressions")).toBe("20,000 (=)");
    expect(field(linkedin, "Engagements")).toBe("900 (+12.5%)");
    // A change from zero has no percentage: it is new.
    expect(field(linkedin, "Clicks")).toBe("300 (new)");
    expect(field(linkedin, "Followers gained")).toBe("42 (new)");
    expect(field(linkedin, "Engagement rate")).toBe("4.5% (+0.5 pp)");
    expect(field(linkedin, "Click-through rate")).toBe("1.5% (+1.5 pp)");
    // Last week's conversion rate divided by zero clicks: no data, so "new".
    expect(field(linkedin, "Conversion rate")).toBe("5.0% (new)");
    expect(allText(reply.blocks)).toContain(
      "No data this week for X, Instagram, Facebook, TikTok, YouTube, Threads, Bluesky, Mastodon.",
    );
  });

  it("figures missing this week read no data, never NaN or a division by zero", () => {
    const reply = render({
      current: [{ platform: "x", weekStart: WEEK, reach: 500, impressions: 0 }],
      previous: [{ platform: "x", weekStart: BEFORE, reach: 400, impressions: 100, clicks: 5 }],
    });
    const x = sectionTitled(reply.blocks, "*X*");
    expect(field(x, "Reach")).toBe("500 (+25.0%)");
    expect(field(x, "Impressions")).toBe("0 (−100.0%)");
    expect(field(x, "Clicks")).toBe("no data");
    expect(field(x, "Engagement rate")).toBe("no data");
    expect(field(x, "Click-through rate")).toBe("no data");
    expect(field(x, "Conversion rate")).toBe("no data");
    expect(allText(reply.blocks)).not.toMatch(/NaN|Infinity/);
  });

  it("workflow: counts, self-approvals, median turnaround and pending", () => {
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
    const workflow = sectionTitled(reply.blocks, "*Workflow*");
    expect(field(workflow, "Posts proposed")).toBe("7");
    expect(field(workflow, "Approved")).toBe("4 (1 self-approved)");
    expect(field(workflow, "Rejected")).toBe("1");
    expect(field(workflow, "Changes requested")).toBe("1");
    expect(field(workflow, "Median time to decision")).toBe("2 h");
    expect(field(workflow, "Approval rate")).toBe("66.7%");
    expect(field(workflow, "Still pending")).toBe("2");
    const webcare = sectionTitled(reply.blocks, "*Webcare*");
    expect(field(webcare, "Days covered")).toBe("7 of 7");
    expect(field(webcare, "Median first response")).toBe("45 min (−25.0%, faster)");
    expect(field(webcare, "Satisfaction")).toBe("4.5 / 5 (+12.5%)");
    // Webcare figures are not a platform of their own.
    expect(allText(reply.blocks)).not.toContain("*webcare*");
    expect(reply.text).toContain("webcare covered 7 of 7 days");
  });

  it("slower answers say so", () => {
    const reply = render({
      current: [{ platform: "webcare", weekStart: WEEK, responseMinutes: 90 }],
      previous: [{ platform: "webcare", weekStart: BEFORE, responseMinutes: 60 }],
    });
    expect(field(sectionTitled(reply.blocks, "*Webcare*"), "Median first response")).toBe(
      "1 h 30 min (+50.0%, slower)",
    );
  });

  it("all nine platforms and webcare fit Slack's limits, in the platforms' order", () => {
    const current = [
      ...PLATFORMS.map((p) => fullRow(p.id, WEEK, 2)),
      { platform: "webcare", weekStart: WEEK, responseMinutes: 30, satisfaction: 4.2 },
    ];
    const previous = PLATFORMS.map((p) => fullRow(p.id, BEFORE, 1));
    const reply = render({ current, previous });
    const blocks = reply.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const titles = blocks
      .filter((b): b is SectionBlock => b.type === "section")
      .map((b) => b.text?.text);
    expect(titles).toEqual(["*Workflow*", "*Webcare*", ...PLATFORMS.map((p) => `*${p.label}*`)]);
    for (const block of blocks) {
      if (block.type === "section") {
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
      if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === "context") expect(block.elements.length).toBeLessThanOrEqual(10);
    }
    expect(field(sectionTitled(blocks, "*Mastodon*"), "Reach")).toBe("2,000 (+100.0%)");
    expect(allText(blocks)).not.toContain("No data this week");
    expect(reply.text).toContain("figures for 9 platforms");
  });

  it("unknown platform ids are escaped and the block count stays within 50", () => {
    const many: MetricsWeek[] = Array.from({ length: 60 }, (_, i) => ({
      platform: `<!channel>${i}`,
      weekStart: WEEK,
      reach: i + 1,
    }));
    const reply = render({ current: many });
    const text = allText(reply.blocks);
    expect(reply.blocks?.length).toBe(50);
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toMatch(/…and \d+ more platforms with figures/);
  });
});
