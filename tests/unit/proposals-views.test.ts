import { describe, expect, it } from "vitest";
import { formatFor } from "../../src/i18n/format.ts";
import type { KnownBlock } from "@slack/types";
import type { ProposalRecord } from "../../src/features/proposals/store.ts";
import {
  approvalMessage,
  calendarReply,
  quotedSections,
} from "../../src/features/proposals/views.ts";

const NOW = new Date("2026-11-23T10:00:00Z");

function post(id: number, publishAt: Date, extra: Partial<ProposalRecord> = {}): ProposalRecord {
  return {
    id,
    teamId: "T1",
    proposerId: "U_P",
    text: `Post number ${id} <!channel> & friends ${"z".repeat(100)}`,
    platforms: ["x", "linkedin"],
    publishAt,
    goal: "awareness",
    contentType: "text",
    linkUrl: null,
    notes: null,
    status: id % 2 === 0 ? "approved" : "pending",
    round: 1,
    submittedAt: NOW,
    proposerChannel: null,
    proposerTs: null,
    lastRemindedOn: null,
    ...extra,
  };
}

function sectionTexts(blocks: KnownBlock[] | undefined): string[] {
  return (blocks ?? []).flatMap((block) =>
    block.type === "section" && block.text ? [block.text.text] : [],
  );
}

describe("/calendar rendering", () => {
  it("stays within Block Kit limits with hundreds of posts, and says what it left out", () => {
    const posts = Array.from({ length: 30 * 60 }, (_, i) =>
      post(i + 1, new Date(NOW.getTime() + (i + 1) * 20 * 60 * 1000)),
    );
    const reply = calendarReply(posts, formatFor("en", "Europe/Paris"), 30);
    expect(reply.blocks!.length).toBeLessThanOrEqual(50);
    const texts = sectionTexts(reply.blocks);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    expect(texts.some((text) => /\+\d+ more on this day/.test(text))).toBe(true);
    expect(texts.join("\n")).not.toContain("<!channel>");
    expect(reply.text).toContain("1,800 posts");
  });

  it("groups by day in the team's timezone", () => {
    // 23:30 UTC on the 23rd is already the 24th in Paris.
    const reply = calendarReply(
      [post(1, new Date("2026-11-23T23:30:00Z"))],
      formatFor("en", "Europe/Paris"),
      7,
    );
    expect(sectionTexts(reply.blocks)[0]).toMatch(/^\*Tuesday 24 November\*\n• \*00:30\*/);
  });
});

describe("the approver's message", () => {
  it("escapes the post and keeps every section under 3,000 characters", () => {
    const blocks = quotedSections("&".repeat(3000));
    const texts = sectionTexts(blocks);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    expect(texts.join("").replace(/[>\s\n]/g, "")).toBe("&amp;".repeat(3000));
  });

  it("shows self-approval as such, without buttons", () => {
    const proposal = post(1, NOW, { status: "approved" });
    const reply = approvalMessage(proposal, formatFor("en", "UTC"), {
      kind: "decided",
      decision: {
        round: 1,
        outcome: "approved",
        deciderId: "U_P",
        reason: null,
        selfApproved: true,
        decidedAt: NOW,
      },
    });
    expect(JSON.stringify(reply.blocks)).toContain("Self-approved");
    expect(reply.blocks!.some((block) => block.type === "actions")).toBe(false);
  });
});
