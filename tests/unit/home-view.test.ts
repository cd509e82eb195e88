import { describe, expect, it } from "vitest";
import { formatFor } from "../../src/i18n/format.ts";
import { LANGS } from "../../src/i18n/lang.ts";
import {
  HOME_LISTS,
  homeView,
  MAX_HOME_BLOCKS,
  type HomeFacts,
} from "../../src/features/home/view.ts";
import { validateView } from "../../src/sandbox/blockkit.ts";

const AT = new Date("2026-11-24T09:00:00Z");
const post = (i: number) => ({
  id: i,
  proposerId: "U_CAROL",
  text: `${"&<>".repeat(400)} ${i}`,
  platforms: ["x", "linkedin", "instagram", "facebook", "tiktok", "youtube", "threads"],
  // One a few hours apart, over seven days.
  publishAt: new Date(AT.getTime() + i * 4 * 3600_000),
  status: i % 2 ? "approved" : "pending",
});
const many = <T>(n: number, make: (i: number) => T) =>
  Array.from({ length: n }, (_, i) => make(i + 1));

/** Everything at its largest: every list full and far more behind it. */
const worst: HomeFacts = {
  roles: ["manager", "creator", "designer", "approver", "curator", "analyst", "webcare"],
  approverId: "U_BOB",
  today: "2026-11-24",
  todayDuty: {
    status: "duty",
    onDuty: "U_DAVE",
    standIn: true,
    scheduled: "U_BOB",
    coveredBy: false,
  },
  nextDuty: "2026-11-30",
  calendar: { items: many(HOME_LISTS.calendar, post), total: 5000 },
  toDecide: { items: many(HOME_LISTS.decide, post), total: 5000 },
  toIllustrate: { items: many(HOME_LISTS.illustrate, post), total: 5000 },
  toCover: {
    items: many(HOME_LISTS.cover, (i) => ({
      id: i,
      date: `2026-12-${String(i).padStart(2, "0")}`,
      askerId: "U_DAVE",
    })),
    total: 60,
  },
  yourPending: 12345,
  suggestions: {
    items: many(HOME_LISTS.suggestions, (i) => ({
      id: i,
      teamId: "T1",
      url: `https://example.com/${"&".repeat(1990)}`,
      why: "<&>".repeat(166),
      suggestedBy: "U_DAVE",
      status: "open" as const,
      closedBy: null,
      closedAt: null,
      proposalId: null,
      createdAt: AT,
    })),
    total: 5000,
  },
  notice: "Suggestion #12 was already proposed by <@U_BOB>.",
};

describe("App Home's view", () => {
  it.each(LANGS)("stays within Slack's limits with everything at its largest (%s)", (lang) => {
    const view = homeView(worst, formatFor(lang, "Europe/Paris"));
    expect(view.blocks.length).toBeLessThanOrEqual(MAX_HOME_BLOCKS);
    expect(MAX_HOME_BLOCKS).toBeLessThanOrEqual(100);
    // The fake Slack's Block Kit rules: section text ≤ 3,000, buttons ≤ 75, ids unique…
    expect(validateView(view, "home")).toBeNull();
    expect(JSON.stringify(view)).toMatch(
      lang === "en" ? /…and 4,990 more/ : /…et 4\u202f990 de plus/,
    );
  });

  it("shows no suggestions to someone who does not handle them, and says when nothing waits", () => {
    const view = homeView(
      {
        ...worst,
        roles: [],
        calendar: { items: [], total: 0 },
        toDecide: null,
        toIllustrate: null,
        toCover: { items: [], total: 0 },
        suggestions: null,
        notice: null,
      },
      formatFor("en", "UTC"),
    );
    const text = JSON.stringify(view.blocks);
    expect(text).not.toContain("Open suggestions");
    expect(text).toContain("Nothing is waiting for you.");
    expect(text).toContain("Nothing approved or waiting is planned");
  });
});
