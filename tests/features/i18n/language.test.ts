import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RECENT_TRUST_MS } from "../../../src/i18n/recent.ts";
import { startHarness, type Harness } from "../../support/harness.ts";

const ALICE = "U_ALICE";
const BOB = "U_BOB";
const DAVE = "U_DAVE";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  // Dave's Slack is in French; everyone else's in English.
  h.fake.setLocale(DAVE, "fr-FR");
});
afterEach(async () => {
  await h.close();
});

async function say(userId: string, command: string, text: string): Promise<string> {
  const response = await h.slack.command(userId, command, text);
  expect(response.status).toBe(200);
  const last = h.fake.ephemeralsTo(userId).at(-1);
  if (!last) throw new Error(`no private reply to ${userId}`);
  return String(last.text);
}

const usersInfoCalls = (userId: string) =>
  h.fake.callsTo("users.info").filter((call) => call.args.user === userId);

describe("each person in their own Slack language", () => {
  it("answers a French speaker in French and an English speaker in English, in one team", async () => {
    expect(await say(DAVE, "/role", "dance")).toMatch(/^Utilisation\u00a0: \/role/);
    expect(await say(BOB, "/role", "dance")).toMatch(/^Usage: \/role/);
    expect(await say(DAVE, "/role", `assign <@${DAVE}> responsable`)).toMatch(
      /est désormais \*responsable\*/,
    );
    expect(await say(DAVE, "/role", `assign <@${BOB}> approbateur`)).toMatch(
      /<@U_BOB> a désormais le rôle \*approbateur\*/,
    );
    expect(await say(DAVE, "/role", `assign <@${ALICE}> createur`)).toMatch(/\*créateur\*/);
    const roles = await h.database.db.roleAssignment.findMany({ orderBy: { id: "asc" } });
    expect(roles.map((row) => row.role)).toEqual(["manager", "approver", "creator"]);
    expect(await say(BOB, "/role", "list")).toMatch(/\*Approver:\* <@U_BOB>/);
    expect(await say(DAVE, "/role", "list")).toMatch(/\*Approbateur\u00a0:\* <@U_BOB>/);
  });

  it("reads Slack's locale once, not at every command, and again after a day", async () => {
    await say(BOB, "/role", "list"); // the team's first contact reads Bob, not Dave
    await say(DAVE, "/role", "list");
    await say(DAVE, "/role", "list");
    await say(DAVE, "/greenlight", "help");
    expect(usersInfoCalls(DAVE)).toHaveLength(1);
    expect(usersInfoCalls(DAVE)[0]?.args.include_locale).toBeTruthy();

    // Dave switches Slack to English: still French within the day, English after it.
    h.fake.setLocale(DAVE, "en-GB");
    h.clock.advance(23 * 3600_000);
    expect(await say(DAVE, "/role", "dance")).toMatch(/^Utilisation/);
    h.clock.advance(2 * 3600_000);
    expect(await say(DAVE, "/role", "dance")).toMatch(/^Usage:/);
    expect(usersInfoCalls(DAVE)).toHaveLength(2);
  });

  it("/greenlight language overrides Slack's language for that person, and auto gives it back", async () => {
    expect(await say(BOB, "/greenlight", "language")).toMatch(
      /speaks \*English\* to you, your Slack language/,
    );
    expect(await say(BOB, "/greenlight", "language fr")).toMatch(
      /Greenlight vous parle en \*français\*/,
    );
    expect(await say(BOB, "/role", "dance")).toMatch(/^Utilisation/);
    expect(await say(BOB, "/greenlight", "language")).toMatch(/comme vous l’avez choisi/);
    // A day later the choice still stands, whatever Slack says.
    h.clock.advance(3 * 24 * 3600_000);
    expect(await say(BOB, "/role", "dance")).toMatch(/^Utilisation/);
    expect(await say(BOB, "/greenlight", "language auto")).toMatch(
      /follows your Slack language again: \*English\*/,
    );
    expect(await say(BOB, "/role", "dance")).toMatch(/^Usage:/);
    expect(await say(DAVE, "/greenlight", "language english")).toMatch(/speaks \*English\* to you/);
    expect(await say(DAVE, "/greenlight", "language klingon")).toMatch(
      /^Usage: \/greenlight language/,
    );
  });

  it("help and usage lines come in the person's language", async () => {
    await h.slack.command(DAVE, "/greenlight", "help");
    const help = JSON.stringify(h.fake.ephemeralsTo(DAVE).at(-1));
    expect(help).toContain("Greenlight — toutes les commandes");
    expect(help).toContain("/greenlight language");
    expect(await say(DAVE, "/greenlight", "sing")).toMatch(/^Utilisation\u00a0: \/greenlight/);
  });
});

describe("help and usage lines in the acknowledgement", () => {
  const lastTo = (userId: string) => h.fake.ephemeralsTo(userId).at(-1);

  it("answers help in the ack, in the person's language, once this process looked it up", async () => {
    // Never seen: acked empty, the language read (users.info), help through response_url.
    await h.slack.command(DAVE, "/greenlight", "help");
    expect(lastTo(DAVE)).toMatchObject({ via: "response_url" });
    expect(JSON.stringify(lastTo(DAVE))).toContain("Greenlight — toutes les commandes");

    // Known now: the answer is the ack's own body, in French, with nothing after it.
    const before = h.fake.calls.length;
    const response = await h.slack.command(DAVE, "/greenlight", "help");
    expect(response.json).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(response.json)).toContain("Greenlight — toutes les commandes");
    expect(lastTo(DAVE)).toMatchObject({ via: "command_response" });
    expect(h.fake.calls.length).toBe(before);
    const calendarUsage = await h.slack.command(DAVE, "/calendar", "year");
    expect(calendarUsage.json).toMatchObject({
      text: expect.stringMatching(/^Utilisation\u00a0: \/calendar/),
    });
    expect(h.fake.calls.length).toBe(before);
    const usage = await h.slack.command(DAVE, "/greenlight", "sing");
    expect(usage.json).toMatchObject({
      text: expect.stringMatching(/^Utilisation\u00a0: \/greenlight/),
    });

    // Bob, in English, is looked up on his own first help, then answered in the ack.
    await h.slack.command(BOB, "/greenlight", "help");
    expect(lastTo(BOB)).toMatchObject({ via: "response_url" });
    await h.slack.command(BOB, "/greenlight", "");
    expect(lastTo(BOB)).toMatchObject({ via: "command_response" });
    expect(JSON.stringify(lastTo(BOB))).toContain("/greenlight settings");
    expect(JSON.stringify(lastTo(BOB))).not.toContain("toutes les commandes");
  });

  it("looks the language up again once the memory is older than its trust", async () => {
    await h.slack.command(BOB, "/greenlight", "help");
    await h.slack.command(BOB, "/greenlight", "help");
    expect(lastTo(BOB)).toMatchObject({ via: "command_response" });
    // Another replica recorded Bob's choice of French: this process cannot see it...
    await h.database.db.personLanguage.update({
      where: { teamId_userId: { teamId: h.fake.teamId, userId: BOB } },
      data: { choice: "fr" },
    });
    await h.slack.command(BOB, "/greenlight", "help");
    expect(JSON.stringify(lastTo(BOB))).not.toContain("toutes les commandes");
    // ...until its memory expires: then it reads the database again, and answers in French.
    h.clock.advance(RECENT_TRUST_MS);
    await h.slack.command(BOB, "/greenlight", "help");
    expect(lastTo(BOB)).toMatchObject({ via: "response_url" });
    expect(JSON.stringify(lastTo(BOB))).toContain("Greenlight — toutes les commandes");
    await h.slack.command(BOB, "/greenlight", "help");
    expect(lastTo(BOB)).toMatchObject({ via: "command_response" });
    expect(JSON.stringify(lastTo(BOB))).toContain("Greenlight — toutes les commandes");
  });

  it("follows the person's own language change at once", async () => {
    await h.slack.command(BOB, "/greenlight", "help");
    expect(await say(BOB, "/greenlight", "language fr")).toMatch(/Greenlight vous parle en/);
    await h.slack.command(BOB, "/greenlight", "help");
    expect(lastTo(BOB)).toMatchObject({ via: "command_response" });
    expect(JSON.stringify(lastTo(BOB))).toContain("Greenlight — toutes les commandes");
    // Back to Slack's language: looked up again (English), then answered in the ack.
    expect(await say(BOB, "/greenlight", "language auto")).toMatch(/English/);
    await h.slack.command(BOB, "/greenlight", "help");
    expect(JSON.stringify(lastTo(BOB))).not.toContain("toutes les commandes");
    expect(lastTo(BOB)).toMatchObject({ via: "command_response" });
  });

  it("never trusts a Slack locale from memory past the day it is trusted for", async () => {
    await say(BOB, "/role", "list"); // the team's first contact reads Bob, not Dave
    await h.slack.command(DAVE, "/greenlight", "help"); // reads Dave's locale: French
    h.fake.setLocale(DAVE, "en-GB");
    h.clock.advance(24 * 3600_000 - 60_000);
    // A minute before the day ends: the row is still fresh; remembered until the day's end only.
    await h.slack.command(DAVE, "/greenlight", "help");
    expect(lastTo(DAVE)).toMatchObject({ via: "response_url" });
    expect(JSON.stringify(lastTo(DAVE))).toContain("toutes les commandes");
    h.clock.advance(60_000);
    await h.slack.command(DAVE, "/greenlight", "help");
    expect(lastTo(DAVE)).toMatchObject({ via: "response_url" });
    expect(JSON.stringify(lastTo(DAVE))).not.toContain("toutes les commandes");
    expect(usersInfoCalls(DAVE)).toHaveLength(2);
  });
});

describe("the team's language", () => {
  it("is the first manager's until a manager chooses one in /greenlight settings", async () => {
    const team = () => h.database.db.team.findUniqueOrThrow({ where: { id: h.fake.teamId } });
    await say(BOB, "/role", "list");
    expect((await team()).language).toBe("en");
    await say(BOB, "/role", `assign <@${DAVE}> manager`);
    expect(await team()).toMatchObject({ language: "fr", languageSource: "first_manager" });
    // A second manager does not change it.
    await say(DAVE, "/role", `assign <@${ALICE}> manager`);
    expect((await team()).language).toBe("fr");

    // Dave opens the settings in French and sets English for the channels.
    await h.slack.command(DAVE, "/greenlight", "settings");
    const view = h.fake.lastView(DAVE);
    if (!view) throw new Error("no modal opened");
    expect(JSON.stringify(view.title)).toContain("Réglages de l’équipe");
    const bad = await h.slack.submitView(DAVE, view, { timezone: "Mars/Olympus" });
    expect(bad.json).toMatchObject({
      response_action: "errors",
      errors: {
        timezone: expect.stringMatching(/^«\u00a0Mars\/Olympus\u00a0» n’est pas un fuseau/),
      },
    });
    const good = await h.slack.submitView(DAVE, view, {
      timezone: "Europe/Paris",
      digest_day: "5",
      language: "en",
    });
    expect(good.status).toBe(200);
    expect(await team()).toMatchObject({ language: "en", languageSource: "manager", digestDay: 5 });
    const saved = h.fake.dmsTo(DAVE).at(-1)?.text ?? "";
    expect(saved).toMatch(
      /Réglages enregistrés\u00a0: .*le \*vendredi\* à \*09:00\*.*en \*anglais\*/,
    );
  });
});
