import { describe, expect, it } from "vitest";
import { parseWebcareCommand } from "../../src/features/webcare/parse.ts";
import { webcareText } from "../../src/features/webcare/messages.ts";

describe("parseWebcareCommand", () => {
  it("reads who, with and without a date", () => {
    expect(parseWebcareCommand("")).toEqual({ kind: "who", date: null });
    expect(parseWebcareCommand("who")).toEqual({ kind: "who", date: null });
    expect(parseWebcareCommand("WHO 2026-11-30")).toEqual({ kind: "who", date: "2026-11-30" });
  });

  it("refuses a date that is not a calendar day", () => {
    for (const given of ["2026-02-30", "2026-13-01", "tomorrow", "2026-1-5"]) {
      expect(parseWebcareCommand(`who ${given}`)).toMatchObject({
        kind: "usage",
        verb: "who",
        problem: "date",
        given,
      });
    }
  });

  it("reads schedule days: 14 by default, 1 to 60", () => {
    expect(parseWebcareCommand("schedule")).toEqual({ kind: "schedule", days: 14 });
    expect(parseWebcareCommand("schedule 60")).toEqual({ kind: "schedule", days: 60 });
    expect(parseWebcareCommand("schedule 1")).toEqual({ kind: "schedule", days: 1 });
    expect(parseWebcareCommand("schedule 61")).toMatchObject({ problem: "tooManyDays" });
    expect(parseWebcareCommand("schedule 0")).toMatchObject({ problem: "days" });
    expect(parseWebcareCommand("schedule -3")).toMatchObject({ problem: "days" });
    expect(parseWebcareCommand("schedule 2.5")).toMatchObject({ problem: "days" });
    expect(parseWebcareCommand("schedule 7 days")).toMatchObject({ problem: "syntax" });
  });

  it("reads a rotation with its options in either order", () => {
    expect(parseWebcareCommand("rotation <@U1|ann> <@U2> <@U3|c d>")).toEqual({
      kind: "rotation",
      members: ["U1", "U2", "U3"],
      handoverTime: "09:00",
      channelId: null,
      weekdaysOnly: false,
    });
    expect(parseWebcareCommand("rotation <@U1> <@U2> in <#C9|care> at 7:30")).toEqual({
      kind: "rotation",
      members: ["U1", "U2"],
      handoverTime: "07:30",
      channelId: "C9",
      weekdaysOnly: false,
    });
  });

  it("refuses an empty rotation, a non-mention, a duplicate, a bad time or channel", () => {
    expect(parseWebcareCommand("rotation")).toMatchObject({ problem: "emptyRotation" });
    expect(parseWebcareCommand("rotation at 09:00")).toMatchObject({ problem: "emptyRotation" });
    expect(parseWebcareCommand("rotation <@U1> bob")).toMatchObject({
      problem: "notAUser",
      given: "bob",
    });
    expect(parseWebcareCommand("rotation <@U1> <@U2> <@U1|again>")).toMatchObject({
      problem: "duplicate",
      userId: "U1",
    });
    for (const time of ["24:00", "9h", "09:60", "0900"]) {
      expect(parseWebcareCommand(`rotation <@U1> at ${time}`)).toMatchObject({
        problem: "time",
        given: time,
      });
    }
    expect(parseWebcareCommand("rotation <@U1> at")).toMatchObject({ problem: "time" });
    expect(parseWebcareCommand("rotation <@U1> in general")).toMatchObject({ problem: "channel" });
    expect(parseWebcareCommand("rotation <@U1> at 09:00 at 10:00")).toMatchObject({
      problem: "syntax",
    });
  });

  it("reads a cover and refuses a malformed one", () => {
    expect(parseWebcareCommand("cover <@U2|bo> 2026-12-01")).toEqual({
      kind: "cover",
      userId: "U2",
      date: "2026-12-01",
    });
    expect(parseWebcareCommand("cover 2026-12-01")).toMatchObject({ problem: "cover" });
    expect(parseWebcareCommand("cover <@U2>")).toMatchObject({ problem: "cover" });
    expect(parseWebcareCommand("cover <@U2> 2026-02-30")).toMatchObject({ problem: "date" });
    expect(parseWebcareCommand("dance")).toEqual({ kind: "usage", verb: null, problem: "syntax" });
  });

  it("every refusal reads as a Usage line naming /webcare", () => {
    for (const text of [
      "dance",
      "who x",
      "schedule 99",
      "rotation",
      "rotation <@U1> at 25:00",
      "cover",
    ]) {
      const parsed = parseWebcareCommand(text);
      if (parsed.kind !== "usage") throw new Error(`${text} parsed as ${parsed.kind}`);
      expect(webcareText("en").usageFor(parsed.verb, parsed)).toMatch(/^Usage: \/webcare/);
    }
  });

  it("escapes what the user typed when echoing it", () => {
    const parsed = parseWebcareCommand("who <!channel>");
    if (parsed.kind !== "usage") throw new Error("expected a usage line");
    expect(webcareText("en").usageFor(parsed.verb, parsed)).not.toContain("<!channel>");
  });

  it("reads the new verbs: weekdays, weekend, away, back, ask, group", () => {
    expect(parseWebcareCommand("rotation <@U1> <@U2> weekdays at 08:00")).toMatchObject({
      kind: "rotation",
      weekdaysOnly: true,
      handoverTime: "08:00",
    });
    expect(parseWebcareCommand("weekend <@U4> <@U5>")).toEqual({
      kind: "weekend",
      members: ["U4", "U5"],
    });
    expect(parseWebcareCommand("weekend OFF")).toEqual({ kind: "weekend", members: [] });
    expect(parseWebcareCommand("weekend <@U4> at 09:00")).toMatchObject({
      kind: "usage",
      verb: "weekend",
    });
    expect(parseWebcareCommand("away")).toEqual({ kind: "absences" });
    expect(parseWebcareCommand("away <@U2> 2026-12-01")).toEqual({
      kind: "away",
      userId: "U2",
      from: "2026-12-01",
      to: "2026-12-01",
    });
    expect(parseWebcareCommand("away <@U2> 2026-12-03 2026-12-01")).toMatchObject({
      problem: "dateOrder",
    });
    expect(parseWebcareCommand("back <@U2|bo>")).toEqual({ kind: "back", userId: "U2" });
    expect(parseWebcareCommand("ask 2026-12-01")).toEqual({ kind: "ask", date: "2026-12-01" });
    expect(parseWebcareCommand("ask")).toMatchObject({ kind: "usage", verb: "ask" });
    expect(parseWebcareCommand("group <!subteam^S0614TZR7|@webcare>")).toEqual({
      kind: "group",
      usergroupId: "S0614TZR7",
      handle: "webcare",
    });
    expect(parseWebcareCommand("group <!subteam^S0614TZR7>")).toMatchObject({ handle: "" });
    expect(parseWebcareCommand("group off")).toEqual({ kind: "groupOff" });
    expect(parseWebcareCommand("group <!channel>")).toMatchObject({ problem: "group" });
  });
});
