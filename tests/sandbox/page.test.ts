import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagesIn, startTestSandbox, type SandboxUnderTest } from "./support.ts";

describe("the sandbox page's endpoints", () => {
  let s: SandboxUnderTest;
  beforeAll(async () => {
    s = await startTestSandbox();
  });
  afterAll(() => s.stop());

  it("serves the page", async () => {
    const response = await fetch(s.base);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("Sandbox");
  });

  it("a typed command reaches the app signed, and its private answer shows only to the person", async () => {
    const sent = await s.page("command", {
      as: "U_ALICE",
      channel: "C_GENERAL",
      text: "/role assign @alice manager",
    });
    expect(sent.status).toBe(200);
    expect(sent.json.sent).toBe("/role assign <@U_ALICE|alice> manager");
    // The sandbox acks at once and answers after, as in production: wait for the work after the ack.
    expect(await s.sandbox.greenlight.built.drain(20_000)).toBe(true);
    await expect
      .poll(async () =>
        messagesIn(await s.state("U_ALICE"), "C_GENERAL").some(
          (m) => m.ephemeral && m.text.includes("is now a *manager*"),
        ),
      )
      .toBe(true);
    const bob = messagesIn(await s.state("U_BOB"), "C_GENERAL");
    expect(bob.some((m) => m.text.includes("is now a *manager*"))).toBe(false);
  });

  it("an unknown command is answered as Slack answers it, without reaching the app", async () => {
    await s.page("command", { as: "U_BOB", channel: "C_GENERAL", text: "/nope" });
    const bob = messagesIn(await s.state("U_BOB"), "C_GENERAL");
    expect(bob.at(-1)?.text).toContain("/nope is not a valid command");
  });

  it("refuses someone who is not one of the sandbox's people", async () => {
    const sent = await s.page("command", { as: "U_MALLORY", text: "/greenlight help" });
    expect(sent.status).toBe(400);
  });

  it("reset forgets the team's roles", async () => {
    const reset = await s.page("reset", {});
    expect(reset.json.ok).toBe(true);
    expect(await s.sandbox.greenlight.database.db.roleAssignment.count()).toBe(0);
  });
});
