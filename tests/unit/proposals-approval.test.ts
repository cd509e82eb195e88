import { describe, expect, it } from "vitest";
import {
  canResubmit,
  isOverdue,
  judgeClick,
  judgeWithdraw,
  packLines,
  parseButtonValue,
  parseCalendarCommand,
  parseMetadata,
  proposalsNeedingReminder,
  ReasonMetadata,
  suggestedPublishAt,
} from "../../src/features/proposals/approval.ts";
import { plainFromSlack } from "../../src/slack/text.ts";

const NOW = new Date("2026-11-23T10:00:00Z");
const HOUR = 60 * 60 * 1000;

describe("who may decide on a click", () => {
  const base = {
    clickerId: "U_APP",
    currentApproverId: "U_APP",
    proposal: { status: "pending", round: 1, publishAt: new Date(NOW.getTime() + HOUR) },
    buttonRound: 1,
    message: { state: "active", approverId: "U_APP", round: 1 },
    now: NOW,
  };

  it("the current approver, on the live message, decides", () => {
    expect(judgeClick(base)).toEqual({ kind: "decide" });
  });
  it("anyone else is told who the approver is", () => {
    expect(judgeClick({ ...base, clickerId: "U_OTHER" })).toEqual({
      kind: "not_approver",
      approverId: "U_APP",
    });
  });
  it("with no approver nobody decides", () => {
    expect(judgeClick({ ...base, currentApproverId: null })).toEqual({ kind: "no_approver" });
  });
  it("a message that moved decides nothing, even for the new approver", () => {
    expect(judgeClick({ ...base, message: { ...base.message, state: "moved" } })).toEqual({
      kind: "moved",
      approverId: "U_APP",
    });
    expect(judgeClick({ ...base, message: { ...base.message, approverId: "U_OLD" } }).kind).toBe(
      "moved",
    );
    expect(judgeClick({ ...base, message: null }).kind).toBe("moved");
  });
  it("a decided proposal or an older round's button decides nothing", () => {
    expect(judgeClick({ ...base, proposal: { ...base.proposal, status: "approved" } }).kind).toBe(
      "already_decided",
    );
    expect(judgeClick({ ...base, proposal: { ...base.proposal, round: 2 } }).kind).toBe(
      "already_decided",
    );
  });
  it("past the publish time it is too late", () => {
    expect(judgeClick({ ...base, now: new Date(NOW.getTime() + 2 * HOUR) }).kind).toBe("expired");
  });
});

describe("withdraw, expiry, resubmission", () => {
  it("only the proposer withdraws, only while pending", () => {
    const proposal = { proposerId: "U_P", status: "pending" };
    expect(judgeWithdraw({ clickerId: "U_P", proposal })).toBe("withdraw");
    expect(judgeWithdraw({ clickerId: "U_X", proposal })).toBe("not_proposer");
    expect(judgeWithdraw({ clickerId: "U_P", proposal: { ...proposal, status: "approved" } })).toBe(
      "not_pending",
    );
  });
  it("a pending proposal is overdue from its publish time on", () => {
    expect(isOverdue({ status: "pending", publishAt: NOW }, NOW)).toBe(true);
    expect(isOverdue({ status: "pending", publishAt: new Date(NOW.getTime() + 1) }, NOW)).toBe(
      false,
    );
    expect(isOverdue({ status: "approved", publishAt: NOW }, NOW)).toBe(false);
  });
  it("changes requested and expired proposals can come back", () => {
    expect(canResubmit("changes_requested")).toBe(true);
    expect(canResubmit("expired")).toBe(true);
    for (const status of ["pending", "approved", "rejected", "withdrawn"]) {
      expect(canResubmit(status)).toBe(false);
    }
  });
  it("suggests tomorrow 10:00 in the team's timezone", () => {
    expect(suggestedPublishAt(NOW, "Europe/Paris").toISOString()).toBe("2026-11-24T09:00:00.000Z");
    expect(suggestedPublishAt(NOW, "UTC").toISOString()).toBe("2026-11-24T10:00:00.000Z");
  });
});

describe("which proposals the approver is reminded of", () => {
  const proposal = (id: number, waitedHours: number, extra: object = {}) => ({
    id,
    status: "pending",
    submittedAt: new Date(NOW.getTime() - waitedHours * HOUR),
    publishAt: new Date(NOW.getTime() + 48 * HOUR),
    lastRemindedOn: null as string | null,
    ...extra,
  });

  it("pending for more than 24 hours, oldest first", () => {
    const list = [proposal(1, 25), proposal(2, 24), proposal(3, 23), proposal(4, 72)];
    expect(proposalsNeedingReminder(list, NOW, "2026-11-23").map((p) => p.id)).toEqual([4, 1]);
  });
  it("not decided ones, not overdue ones, not twice the same day", () => {
    const list = [
      proposal(1, 30, { status: "approved" }),
      proposal(2, 30, { publishAt: NOW }),
      proposal(3, 30, { lastRemindedOn: "2026-11-23" }),
      proposal(4, 30, { lastRemindedOn: "2026-11-22" }),
    ];
    expect(proposalsNeedingReminder(list, NOW, "2026-11-23").map((p) => p.id)).toEqual([4]);
  });
});

describe("what comes back from Slack", () => {
  it("button values are ours or null", () => {
    expect(parseButtonValue('{"proposalId":3,"round":2}')).toEqual({ proposalId: 3, round: 2 });
    expect(parseButtonValue('{"proposalId":"3","round":2}')).toBeNull();
    expect(parseButtonValue("not json")).toBeNull();
    expect(parseButtonValue(undefined)).toBeNull();
  });
  it("private_metadata is validated", () => {
    const good = { proposalId: 1, round: 1, outcome: "rejected", channel: "D1", ts: "1.2" };
    expect(parseMetadata(ReasonMetadata, JSON.stringify(good))).toEqual(good);
    expect(
      parseMetadata(ReasonMetadata, JSON.stringify({ ...good, outcome: "approved" })),
    ).toBeNull();
    expect(parseMetadata(ReasonMetadata, "{oops")).toBeNull();
  });
  it("/calendar takes week, month or nothing", () => {
    expect(parseCalendarCommand("")).toEqual({ days: 7 });
    expect(parseCalendarCommand(" Week ")).toEqual({ days: 7 });
    expect(parseCalendarCommand("month")).toEqual({ days: 30 });
    expect(parseCalendarCommand("year")).toBeNull();
    expect(parseCalendarCommand("week month")).toBeNull();
  });
  it("command text becomes what the person typed", () => {
    expect(plainFromSlack("Hi <@U1|jane> &amp; <!channel> in <#C1|news> &lt;3")).toBe(
      "Hi @jane & @channel in #news <3",
    );
    expect(plainFromSlack("see <https://example.com|example.com>")).toBe("see example.com");
  });
});

describe("packing lines into Block Kit sections", () => {
  const more = (n: number) => `+${n} more`;
  it("keeps everything when it fits", () => {
    expect(packLines(["a", "b"], 100, 1, more)).toEqual(["a\nb"]);
  });
  it("summarises what does not fit, and never passes the limit", () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
    const sections = packLines(lines, 3000, 1, more);
    expect(sections).toHaveLength(1);
    expect(sections[0]!.length).toBeLessThanOrEqual(3000);
    const shown = sections[0]!.split("\n").filter((line) => line.startsWith("line")).length;
    expect(sections[0]).toMatch(new RegExp(`\\+${500 - shown} more$`));
  });
  it("spreads over several sections when allowed", () => {
    const lines = Array.from({ length: 100 }, () => "y".repeat(100));
    const sections = packLines(lines, 1000, 20, more);
    expect(sections.every((s) => s.length <= 1000)).toBe(true);
    expect(sections.join("\n").split("\n")).toHaveLength(100);
  });
});
