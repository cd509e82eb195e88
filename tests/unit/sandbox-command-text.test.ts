import { describe, expect, it } from "vitest";
import { defaultChannels, defaultUsergroups, defaultUsers } from "../../src/sandbox/fake-slack.ts";
import { slackifyCommandText } from "../../src/sandbox/command-text.ts";

describe("the sandbox composer sends command text as Slack does (should_escape)", () => {
  const users = defaultUsers();
  const channels = defaultChannels();
  const send = (text: string) => slackifyCommandText(text, users, channels);

  it("turns @handles and first names into mentions, #names into channel refs", () => {
    expect(send("assign @Bob approver")).toBe("assign <@U_BOB|bob> approver");
    expect(send("rotation @alice @Carol at 09:00 in #general")).toBe(
      "rotation <@U_ALICE|alice> <@U_CAROL|carol> at 09:00 in <#C_GENERAL|general>",
    );
    expect(send("@channel hi")).toBe("<!channel> hi");
  });

  it("turns a user group's @handle into a subteam mention", () => {
    expect(slackifyCommandText("group @webcare", users, channels, defaultUsergroups())).toBe(
      "group <!subteam^S_WEBCARE|@webcare>",
    );
  });

  it("escapes &, < and > first and leaves unknown names and e-mail addresses alone", () => {
    expect(send("a <b> & @nobody #nowhere bob@example.com")).toBe(
      "a &lt;b&gt; &amp; @nobody #nowhere bob@example.com",
    );
  });
});
