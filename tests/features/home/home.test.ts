import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeView } from "../../../src/sandbox/index.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, CAROL, DAVE, HOUR, driver } from "../proposals/helpers.ts";

let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

let eventNumber = 0;
async function openHome(user: string): Promise<FakeView> {
  eventNumber += 1;
  const response = await h.slack.event(
    { type: "app_home_opened", user, channel: "D_X", tab: "home" },
    { eventId: `EvHome${eventNumber}` },
  );
  expect(response.status).toBe(200);
  return home(user);
}
function home(user: string): FakeView {
  const view = h.fake.homeView(user);
  if (!view) throw new Error(`no Home for ${user}`);
  return view;
}
const text = (view: FakeView) => JSON.stringify(view.blocks);
/** The coming-7-days part of a Home: from its header to the next divider. */
function calendarOf(view: FakeView): string {
  const blocks = view.blocks as Array<{ type: string; text?: { text: string } }>;
  const start = blocks.findIndex((b) => b.type === "header" && /7/.test(b.text?.text ?? ""));
  const end = blocks.findIndex((b, i) => i > start && b.type === "divider");
  return JSON.stringify(blocks.slice(start, end));
}
const blockIds = (view: FakeView) =>
  (view.blocks as Array<{ block_id?: string }>).map((b) => b.block_id ?? "");

describe("App Home", () => {
  it("shows a person's roles and the approver", async () => {
    await h.slack.command(ALICE, "/role", "assign <@U_ALICE> manager");
    await h.slack.command(ALICE, "/role", "assign <@U_BOB> approver");
    const view = await openHome(ALICE);
    expect(text(view)).toContain("*Your roles:* manager");
    expect(text(view)).toContain("*Approver:* <@U_BOB>");
  });

  it("handles an event once however often Slack retries it, on any replica", async () => {
    const replica = await h.startReplica();
    const event = { type: "app_home_opened", user: CAROL, channel: "D_X", tab: "home" };
    const deliveries = await Promise.all([
      h.slack.event(event, { eventId: "EvSame" }),
      replica.slack.event(event, { eventId: "EvSame", retryNum: 1, retryReason: "http_timeout" }),
      h.slack.event(event, { eventId: "EvSame", retryNum: 2, retryReason: "http_timeout" }),
      replica.slack.event(event, { eventId: "EvSame", retryNum: 3, retryReason: "http_error" }),
    ]);
    expect(deliveries.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(h.fake.callsTo("views.publish")).toHaveLength(1);
    expect(await h.database.db.processedEvent.count()).toBe(1);
    await h.slack.event(event, { eventId: "EvOther" });
    expect(h.fake.callsTo("views.publish")).toHaveLength(2);
  });

  it("shows the coming 7 days, the next duty and what waits for each person", async () => {
    await d.team();
    await d.role(ALICE, `assign <@${CAROL}> designer`);
    await d.role(ALICE, `assign <@${CAROL}> creator`);
    // An image post with no visual: the designer is asked for one.
    const post = await d.propose(CAROL, {
      text: "Spring <b>sale</b> starts",
      platforms: ["instagram"],
      contentType: "image",
      publishAt: d.inHours(30),
    });
    // Beyond the 7 days: not on Home.
    await d.propose(CAROL, { text: "Far away post", publishAt: d.inHours(24 * 9) });
    await h.slack.command(
      ALICE,
      "/webcare",
      `rotation <@${DAVE}> <@${CAROL}> in <#C_GENERAL|general>`,
    );
    await h.slack.command(DAVE, "/webcare", "ask 2026-11-25");

    const bob = await openHome(BOB);
    expect(text(bob)).toContain("The coming 7 days");
    expect(text(bob)).toContain("*Tuesday 24 November*");
    expect(text(bob)).toContain("Spring &lt;b&gt;sale&lt;/b&gt; starts");
    // In the list to decide, not in the coming 7 days.
    expect(calendarOf(bob)).toContain("Spring &lt;b&gt;sale&lt;/b&gt; starts");
    expect(calendarOf(bob)).not.toContain("Far away post");
    expect(text(bob)).toContain("*To decide (2)* — the requests are in your messages");
    expect(text(bob)).toContain(`#${post.id} · Tue 24 Nov 2026, 17:00 · <@${CAROL}>`); // the team's zone (Paris)
    expect(text(bob)).toContain("*Your next webcare duty:* none in the coming 60 days.");
    expect(text(bob)).not.toContain("Open suggestions");

    const carol = await openHome(CAROL);
    expect(text(carol)).toContain("*To illustrate (1)*");
    expect(text(carol)).toContain("*Cover requests you could take (1)*");
    expect(text(carol)).toContain(`Wednesday 25 November, asked by <@${DAVE}>`);
    expect(text(carol)).toContain("*Your next webcare duty:* Tuesday 24 November");
    expect(text(carol)).toContain("*Your proposals waiting for the approver:* 2");
    expect(text(carol)).not.toContain("*To decide");

    const dave = await openHome(DAVE);
    expect(text(dave)).toContain("*Your next webcare duty:* today");
    expect(text(dave)).toContain("Nothing is waiting for you.");
  });

  it("speaks the person's language, dates in the team's zone", async () => {
    // Before the team: Bob's locale is read once, when he becomes the approver.
    h.fake.setLocale(BOB, "fr-FR");
    await d.team();
    await d.propose(CAROL, { publishAt: d.inHours(30) });
    const bob = await openHome(BOB);
    expect(text(bob)).toContain("Les 7 prochains jours");
    expect(text(bob)).toContain("*mardi 24 novembre*");
    expect(text(bob)).toContain("*À décider (1)*");
    expect(text(bob)).toContain("Ce qui vous attend");

    // A French creator: the suggestions, their buttons and the form they open, in French.
    h.fake.setLocale(DAVE, "fr-FR");
    await d.role(ALICE, `assign <@${DAVE}> creator`);
    await h.slack.command(CAROL, "/suggest", "<https://example.com/fr> Pour vendredi");
    const dave = await openHome(DAVE);
    expect(text(dave)).toContain("Suggestions ouvertes");
    expect(text(dave)).toContain("«\u00a0Pour vendredi\u00a0»");
    expect(text(dave)).toMatch(/"text":"Proposer".*"text":"Écarter"/);
    await h.slack.clickButton(DAVE, dave, "home_suggestion_propose");
    const modal = h.fake.lastView(DAVE)!;
    expect(modal.callback_id).toBe("proposal_propose");
    expect((modal.title as { text: string }).text).toBe("Proposer une publication");
    expect(text(modal)).toContain('"initial_value":"https://example.com/fr"');
  });
});

describe("suggestions on App Home", () => {
  async function suggest(user: string, text: string) {
    const response = await h.slack.command(user, "/suggest", text);
    expect(response.status).toBe(200);
    return d.db.suggestion.findFirstOrThrow({ orderBy: { id: "desc" } });
  }

  it("Propose this opens the propose modal with the link; once submitted the suggestion leaves the list", async () => {
    await d.team();
    await d.role(ALICE, `assign <@${CAROL}> creator`);
    const first = await suggest(DAVE, "<https://example.com/trends> Nice for Friday");
    const second = await suggest(DAVE, "<https://example.com/other>");

    // Dave (no role) suggests but does not handle suggestions.
    expect(text(await openHome(DAVE))).not.toContain("Open suggestions");
    const carol = await openHome(CAROL);
    expect(text(carol)).toContain("Open suggestions");
    expect(text(carol)).toContain(
      "<https://example.com/trends|https://example.com/trends>\\nSuggested by <@U_DAVE>",
    );
    expect(text(carol)).toContain("“Nice for Friday”");
    expect(blockIds(carol)).toContain(`suggestion_actions_${first.id}`);

    await h.slack.clickButton(CAROL, carol, "home_suggestion_propose", {
      blockId: `suggestion_actions_${first.id}`,
    });
    const modal = h.fake.lastView(CAROL)!;
    expect(modal.callback_id).toBe("proposal_propose");
    expect(text(modal)).toContain('"initial_value":"https://example.com/trends"');
    // Still open while the form is: nothing is decided by opening it.
    expect((await d.db.suggestion.findUniqueOrThrow({ where: { id: first.id } })).status).toBe(
      "open",
    );

    const submitted = await h.slack.submitView(
      CAROL,
      modal,
      d.values({ text: "Trends we like", linkUrl: "https://example.com/trends" }),
    );
    expect(submitted.json).toMatchObject({ response_action: "update" });
    const proposal = await d.db.proposal.findFirstOrThrow();
    expect(await d.db.suggestion.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: "proposed",
      closedBy: CAROL,
      proposalId: proposal.id,
    });
    expect(await d.db.auditEntry.count({ where: { action: "suggestion.proposed" } })).toBe(1);
    // Carol's Home was published again without it; the other one stays.
    const after = home(CAROL);
    expect(blockIds(after)).not.toContain(`suggestion_actions_${first.id}`);
    expect(blockIds(after)).toContain(`suggestion_actions_${second.id}`);
    // Alice (manager) sees only the open one too.
    const alice = await openHome(ALICE);
    expect(text(alice)).not.toContain("example.com/trends");
    expect(text(alice)).toContain("example.com/other");
  });

  it("two people propose the same suggestion at once: one proposal, the other is told in the form", async () => {
    await d.team();
    await d.role(ALICE, `assign <@${CAROL}> creator`);
    const suggestion = await suggest(DAVE, "<https://example.com/both>");
    const blockId = `suggestion_actions_${suggestion.id}`;
    await h.slack.clickButton(ALICE, await openHome(ALICE), "home_suggestion_propose", { blockId });
    await h.slack.clickButton(CAROL, await openHome(CAROL), "home_suggestion_propose", { blockId });
    const [aliceForm, carolForm] = [h.fake.lastView(ALICE)!, h.fake.lastView(CAROL)!];
    const replica = await h.startReplica();
    const [alice, carol] = await Promise.all([
      h.slack.submitView(ALICE, aliceForm, d.values({ linkUrl: "https://example.com/both" })),
      replica.slack.submitView(CAROL, carolForm, d.values({ linkUrl: "https://example.com/both" })),
    ]);
    expect(await d.db.proposal.count()).toBe(1);
    const proposal = await d.db.proposal.findFirstOrThrow();
    const [winner, loser, loserForm] =
      proposal.proposerId === ALICE ? [alice, carol, carolForm] : [carol, alice, aliceForm];
    expect(winner.json).toMatchObject({ response_action: "update" });
    // Both answered at once; the loser's form comes back with why, and what they typed.
    expect(loser.json).toMatchObject({ response_action: "update" });
    const shown = JSON.stringify(h.fake.view(loserForm.id)?.blocks);
    expect(shown).toContain(
      `Suggestion #${suggestion.id} was proposed by someone else while this form was open, so nothing was saved. Close the form; /propose starts a post of your own.`,
    );
    expect(shown).toContain('"initial_value":"https://example.com/both"');
    expect(await d.db.suggestion.findUniqueOrThrow({ where: { id: suggestion.id } })).toMatchObject(
      {
        status: "proposed",
        proposalId: proposal.id,
      },
    );
    expect(await d.db.auditEntry.count({ where: { action: "suggestion.proposed" } })).toBe(1);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.submitted" } })).toBe(1);
  });

  it("Dismiss takes it off the list, audited; a later click is told who was first", async () => {
    await d.team();
    await d.role(ALICE, `assign <@${CAROL}> creator`);
    const suggestion = await suggest(DAVE, "<https://example.com/meh>");
    const carolsScreen = structuredClone(await openHome(CAROL));
    const alice = await openHome(ALICE);
    await h.slack.clickButton(ALICE, alice, "home_suggestion_dismiss", {
      blockId: `suggestion_actions_${suggestion.id}`,
    });
    expect(text(home(ALICE))).toContain(`Suggestion #${suggestion.id} dismissed.`);
    expect(blockIds(home(ALICE))).not.toContain(`suggestion_actions_${suggestion.id}`);
    expect(text(home(ALICE))).toContain("No open suggestions.");
    expect(await d.db.suggestion.findUniqueOrThrow({ where: { id: suggestion.id } })).toMatchObject(
      { status: "dismissed", closedBy: ALICE },
    );
    expect(await d.db.auditEntry.count({ where: { action: "suggestion.dismissed" } })).toBe(1);

    // Carol's tab still showed it: her Propose this opens nothing and says why.
    const payloadView = { ...carolsScreen, id: "V_STALE" } as FakeView;
    await h.slack.clickButton(CAROL, payloadView, "home_suggestion_propose", {
      blockId: `suggestion_actions_${suggestion.id}`,
    });
    expect(h.fake.openViews(CAROL)).toHaveLength(0);
    expect(text(home(CAROL))).toContain(
      `Suggestion #${suggestion.id} was already dismissed by <@${ALICE}>.`,
    );
    // Someone without the role cannot dismiss (the button is not theirs to click).
    const other = await suggest(DAVE, "<https://example.com/keep>");
    await h.slack.clickButton(DAVE, payloadView, "home_suggestion_dismiss", {
      blockId: `suggestion_actions_${suggestion.id}`,
    });
    expect(text(home(DAVE))).toContain("Only creators and managers");
    expect((await d.db.suggestion.findUniqueOrThrow({ where: { id: other.id } })).status).toBe(
      "open",
    );
  });

  it("two people dismissing at once, on two replicas: one winner", async () => {
    await d.team();
    await d.role(ALICE, `assign <@${CAROL}> creator`);
    const suggestion = await suggest(DAVE, "<https://example.com/race>");
    const replica = await h.startReplica();
    const [alice, carol] = [await openHome(ALICE), await openHome(CAROL)];
    const blockId = `suggestion_actions_${suggestion.id}`;
    const clicks = await Promise.all([
      h.slack.clickButton(ALICE, alice, "home_suggestion_dismiss", { blockId }),
      replica.slack.clickButton(CAROL, carol, "home_suggestion_dismiss", { blockId }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    expect(await d.db.auditEntry.count({ where: { action: "suggestion.dismissed" } })).toBe(1);
    const row = await d.db.suggestion.findUniqueOrThrow({ where: { id: suggestion.id } });
    const loser = row.closedBy === ALICE ? CAROL : ALICE;
    expect(text(home(loser))).toContain(`already dismissed by <@${row.closedBy}>`);
  });
});

describe("App Home with a lot of everything", () => {
  it("300 posts, 300 pending, 300 suggestions: within 100 blocks, with 'and N more'", async () => {
    await d.team();
    for (const role of ["creator", "designer"]) await d.role(ALICE, `assign <@${BOB}> ${role}`);
    const now = h.clock.now().getTime();
    await d.db.proposal.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({
        teamId: h.fake.teamId,
        proposerId: CAROL,
        text: `Post number ${i} & a long tail ${"x".repeat(200)}`,
        platforms: "x,linkedin",
        // Spread over the coming 6 days.
        publishAt: new Date(now + HOUR + (i % 6) * 24 * HOUR + i * 1000),
        goal: "awareness",
        contentType: "text",
        status: i % 2 === 0 ? "pending" : "approved",
      })),
    });
    await d.db.suggestion.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({
        teamId: h.fake.teamId,
        url: `https://example.com/${i}?q=${"&".repeat(50)}`,
        why: "Because ".repeat(60),
        suggestedBy: DAVE,
      })),
    });
    const bob = await openHome(BOB);
    // The strict fake Slack accepted it (it refuses more than 100 blocks).
    expect(h.fake.callsTo("views.publish").at(-1)?.response).toMatchObject({ ok: true });
    expect(bob.blocks.length).toBeLessThanOrEqual(100);
    expect(text(bob)).toContain("*To decide (150)*");
    expect(text(bob)).toMatch(/…and 1\d\d more/);
    expect(text(bob)).toContain("…and 260 more — see `/calendar`");
    expect(text(bob)).toContain("…and 290 more: propose or dismiss these first");
    expect(blockIds(bob).filter((id) => id.startsWith("suggestion_actions_"))).toHaveLength(10);
    for (const block of bob.blocks as Array<{ text?: { text: string } }>) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
  });
});
