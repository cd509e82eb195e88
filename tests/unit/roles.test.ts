import { describe, expect, it } from "vitest";
import {
  parseRoleCommand,
  roleChangePermission,
  sortForListing,
} from "../../src/features/roles/roles.ts";
import { parseChannelMention, parseUserMention, tokenize } from "../../src/slack/args.ts";
import { escapeText } from "../../src/slack/text.ts";

describe("/role arguments", () => {
  it.each([
    ["", { kind: "list" }],
    ["list", { kind: "list" }],
    ["LIST", { kind: "list" }],
    ["assign <@U123|jane> approver", { kind: "assign", userId: "U123", role: "approver" }],
    ["assign <@U123> Manager", { kind: "assign", userId: "U123", role: "manager" }],
    ["assign <@U123|Jane Doe> webcare", { kind: "assign", userId: "U123", role: "webcare" }],
    ["unassign <@W9ABC|x> analyst", { kind: "unassign", userId: "W9ABC", role: "analyst" }],
    ["assign @jane approver", { kind: "usage", problem: "user", given: "@jane" }],
    ["assign <@U123> boss", { kind: "usage", problem: "role", given: "boss" }],
    ["assign <@U123>", { kind: "usage", problem: "syntax" }],
    ["assign <@U123> approver extra", { kind: "usage", problem: "syntax" }],
    ["promote <@U123> approver", { kind: "usage", problem: "syntax" }],
    ["list everything", { kind: "usage", problem: "syntax" }],
  ])("%j", (text, expected) => {
    expect(parseRoleCommand(text)).toEqual(expected);
  });
});

describe("who may change roles", () => {
  const base = { teamEverHadManager: true, role: "creator" as const, kind: "assign" as const };
  it("those who may manage the team may", () => {
    expect(roleChangePermission({ ...base, actorMayManage: true })).toBe("allowed");
  });
  it("others may not", () => {
    expect(roleChangePermission({ ...base, actorMayManage: false })).toBe("denied");
  });
  it("anyone may name the first manager while the team never had one, and only that", () => {
    const nobody = { actorMayManage: false, teamEverHadManager: false };
    expect(roleChangePermission({ ...nobody, role: "manager", kind: "assign" })).toBe("bootstrap");
    expect(roleChangePermission({ ...nobody, role: "approver", kind: "assign" })).toBe("denied");
    expect(roleChangePermission({ ...nobody, role: "manager", kind: "unassign" })).toBe("denied");
  });
  it("a team that once had a manager does not reopen the first-manager rule", () => {
    const hadOne = { actorMayManage: false, teamEverHadManager: true };
    expect(roleChangePermission({ ...hadOne, role: "manager", kind: "assign" })).toBe("denied");
  });
});

describe("listing order", () => {
  it("puts the approver first, then roles in their fixed order", () => {
    const rows = [
      { userId: "U2", role: "webcare" },
      { userId: "U3", role: "manager" },
      { userId: "U1", role: "approver" },
      { userId: "U0", role: "creator" },
    ];
    expect(sortForListing(rows).map((row) => row.role)).toEqual([
      "approver",
      "manager",
      "creator",
      "webcare",
    ]);
  });
});

describe("Slack text", () => {
  it("mentions and channels in both forms", () => {
    expect(parseUserMention("<@U1ABC|jane>")).toBe("U1ABC");
    expect(parseUserMention("<@U1ABC>")).toBe("U1ABC");
    expect(parseUserMention("U1ABC")).toBeNull();
    expect(parseChannelMention("<#C1ABC|social>")).toBe("C1ABC");
    expect(parseChannelMention("<#G1ABC>")).toBe("G1ABC");
    expect(parseChannelMention("#social")).toBeNull();
    expect(tokenize("  rotation <@U1|Jane Doe>   <@U2>  in <#C1|x> ")).toEqual([
      "rotation",
      "<@U1|Jane Doe>",
      "<@U2>",
      "in",
      "<#C1|x>",
    ]);
  });

  it("escapes exactly &, < and >", () => {
    expect(escapeText("<!channel> & <@U1> \"quotes\" 'x'")).toBe(
      "&lt;!channel&gt; &amp; &lt;@U1&gt; \"quotes\" 'x'",
    );
  });
});
