import { describe, expect, it } from "vitest";
import { formatFor } from "../../src/i18n/format.ts";
import { localDateAt } from "../../src/shared/local-date.ts";
import type { KnownBlock } from "@slack/types";
import type { CalendarPost, ProposalRecord } from "../../src/features/proposals/store.ts";
import {
  approvalMessage,
  calendarReply,
  localDayReader,
  prefillText,
  verbatimText,
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
    visuals: [],
    previousRound: null,
    textCutFrom: null,
    ...extra,
  };
}

/** A post as /calendar reads it: these texts are short, so their start is the whole text. */
function calendarPost(id: number, publishAt: Date): CalendarPost {
  const { proposerId, text, platforms, status } = post(id, publishAt);
  return { id, proposerId, textStart: text, platforms, publishAt, status };
}

function sectionTexts(blocks: KnownBlock[] | undefined): string[] {
  return (blocks ?? []).flatMap((block) =>
    block.type === "section" && block.text ? [block.text.text] : [],
  );
}

describe("/calendar rendering", () => {
  it("stays within Block Kit limits with hundreds of posts, and says what it left out", () => {
    const posts = Array.from({ length: 30 * 60 }, (_, i) =>
      calendarPost(i + 1, new Date(NOW.getTime() + (i + 1) * 20 * 60 * 1000)),
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
      [calendarPost(1, new Date("2026-11-23T23:30:00Z"))],
      formatFor("en", "Europe/Paris"),
      7,
    );
    expect(sectionTexts(reply.blocks)[0]).toMatch(/^\*Tuesday 24 November\*\n• \*00:30\*/);
  });

  it("puts each post on its own local day around midnight and across a change of offset, in any order", () => {
    // Paris moves to summer time at 01:00 UTC on 29 March 2026 (a 23-hour day).
    const at = (iso: string) => new Date(iso);
    const posts = [
      calendarPost(1, at("2026-03-28T22:59:00Z")), // 23:59 on the 28th (UTC+1)
      calendarPost(2, at("2026-03-28T23:00:00Z")), // 00:00 on the 29th
      calendarPost(3, at("2026-03-29T21:59:00Z")), // 23:59 on the 29th (UTC+2)
      calendarPost(4, at("2026-03-29T22:00:00Z")), // 00:00 on the 30th
      calendarPost(5, at("2026-03-29T00:59:00Z")), // 01:59 on the 29th, out of order
    ];
    const days = sectionTexts(calendarReply(posts, formatFor("en", "Europe/Paris"), 7).blocks);
    expect(days).toHaveLength(3);
    expect(days[0]).toMatch(/^\*Saturday 28 March\*\n• \*23:59\*[^\n]*#1/);
    expect(days[1]).toMatch(/^\*Sunday 29 March\*\n/);
    expect(days[1]!.match(/#\d+/g)).toEqual(["#2", "#3", "#5"]);
    expect(days[1]).toContain("*01:59*");
    expect(days[2]).toMatch(/^\*Monday 30 March\*\n• \*00:00\*[^\n]*#4/);
  });
});

describe("the calendar's local day", () => {
  it("is localDateAt's, every 20 minutes of 2026, in zones with odd changes", () => {
    for (const zone of [
      "Europe/Paris",
      "Australia/Lord_Howe",
      "Pacific/Apia",
      "America/Santiago",
    ]) {
      const dayOf = localDayReader(zone);
      const differing: string[] = [];
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 20 * 60_000) {
        const instant = new Date(at);
        if (dayOf(instant) !== localDateAt(instant, zone)) differing.push(instant.toISOString());
      }
      expect({ zone, differing }).toEqual({ zone, differing: [] });
    }
  });
});

describe("the approver's message", () => {
  it("shows the post verbatim: mrkdwn and emoji codes are not rendered, nothing is escaped", () => {
    const text = "*Big* news :tada: _soon_ & <!channel>";
    expect(verbatimText(text)).toEqual({
      type: "rich_text",
      elements: [{ type: "rich_text_preformatted", elements: [{ type: "text", text }] }],
    });
    const reply = approvalMessage(post(7, NOW, { text }), formatFor("en", "UTC"), { kind: "ask" });
    // The only place the post appears is the preformatted block, never a mrkdwn section.
    expect(sectionTexts(reply.blocks).join("\n")).not.toContain(":tada:");
    expect(JSON.stringify(reply.blocks)).toContain(JSON.stringify(text));
  });

  it("cuts a /propose text at Slack's 3,000-character input limit exactly, and says from how long", () => {
    expect(prefillText("short")).toEqual({ text: "short", cutFrom: null });
    const long = `${"é".repeat(2999)}🎉🎉🎉`;
    const cut = prefillText(long);
    expect([...cut.text]).toHaveLength(3000);
    expect(cut.text.endsWith("🎉")).toBe(true);
    expect(cut.text).not.toContain("…");
    expect(cut.cutFrom).toBe(3002);
    const reply = approvalMessage(
      post(8, NOW, { text: cut.text, textCutFrom: 3002 }),
      formatFor("en", "UTC"),
      {
        kind: "ask",
      },
    );
    expect(JSON.stringify(reply.blocks)).toMatch(/had 3,002 characters; Slack's input holds 3,000/);
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
