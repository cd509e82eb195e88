import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { privateRepliesTo, startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, ALICE, BOB, CAROL, driver } from "../proposals/helpers.ts";

/**
 * A command whose modal Slack did not open answers the person privately, in
 * their language, with what the one classification of Slack errors
 * (src/slack/errors.ts, through src/slack/open-modal.ts) says to do.
 */
let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
  await d.team();
});
afterEach(async () => {
  await h.close();
});

async function say(userId: string, command: string, text: string): Promise<string> {
  const replies = await privateRepliesTo(h, userId, command, text);
  expect(replies).toHaveLength(1);
  return String(replies[0]);
}

describe("when Slack does not open the modal a command asked for", () => {
  it("/greenlight settings: an expired trigger, in English, says to run it again", async () => {
    h.fake.failNext("views.open", { error: "expired_trigger_id" });
    expect(await say(ALICE, "/greenlight", "settings")).toBe(
      "Sorry, the form could not open in time: Slack gives an app only a few seconds to open it. Please run `/greenlight settings` again.",
    );
    expect(h.fake.openViews(ALICE)).toHaveLength(0);
    // The next try opens it.
    await h.slack.command(ALICE, "/greenlight", "settings");
    expect(h.fake.lastView(ALICE)?.callback_id).toBeDefined();
  });

  it("/greenlight settings in French: a lasting refusal names Slack's error, a rate limit asks to wait", async () => {
    // Alice's Slack language was read when she set the team up: she chooses French here.
    await h.slack.command(ALICE, "/greenlight", "language fr");
    h.fake.failNext("views.open", { error: "view_too_large" });
    expect(await say(ALICE, "/greenlight", "settings")).toMatch(
      /^Désolé, Slack a refusé d’ouvrir le formulaire \(réponse\u00a0: `view_too_large`\)\. Veuillez relancer `\/greenlight settings`\u00a0;/,
    );
    h.fake.failNext("views.open", { error: "service_unavailable" });
    expect(await say(ALICE, "/greenlight", "settings")).toMatch(
      /Veuillez relancer `\/greenlight settings` dans un instant\.$/,
    );
  });

  it("/greenlight guidelines edit and /propose, in French", async () => {
    // Alice's Slack language was read when she set the team up: she chooses French here.
    await h.slack.command(ALICE, "/greenlight", "language fr");
    h.fake.failNext("views.open", { error: "expired_trigger_id" });
    expect(await say(ALICE, "/greenlight", "guidelines edit")).toMatch(
      /^Désolé, le formulaire n’a pas pu s’ouvrir à temps\u00a0: .* Veuillez relancer `\/greenlight guidelines edit`\.$/,
    );
    h.fake.setLocale(CAROL, "fr-FR");
    h.fake.failNext("views.open", { error: "ratelimited" });
    expect(await say(CAROL, "/propose", "Bonjour")).toMatch(
      /^Désolé, Slack n’a pas pu ouvrir le formulaire .* Veuillez relancer `\/propose` dans un instant\.$/,
    );
    expect(await d.db.proposal.count()).toBe(0);
  });

  it("buttons too: Reject in French and Edit in English name the button to click again", async () => {
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    h.fake.setLocale(BOB, "fr-FR");
    await h.slack.command(BOB, "/greenlight", "language fr");
    h.fake.failNext("views.open", { error: "expired_trigger_id" });
    await d.click(BOB, request, ACTION.reject);
    expect(d.lastPrivate(BOB)).toMatch(
      /^Désolé, le formulaire n’a pas pu s’ouvrir à temps\u00a0: .* Veuillez cliquer de nouveau sur \*Refuser\*\.$/,
    );
    const confirmation = h.fake
      .dmsTo(CAROL)
      .find((m) => JSON.stringify(m.blocks ?? []).includes(`"action_id":"${ACTION.edit}"`));
    if (!confirmation) throw new Error("no confirmation with an Edit button");
    h.fake.failNext("views.open", { error: "service_unavailable" });
    await d.click(CAROL, confirmation, ACTION.edit);
    expect(d.lastPrivate(CAROL)).toMatch(/Please click \*Edit\* again in a moment\.$/);
    // Nothing was decided by the failed Reject.
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "pending",
    );
  });
});
