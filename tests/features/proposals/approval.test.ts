import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, ALICE, BOB, CAROL, DAVE, driver } from "./helpers.ts";

let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

describe("proposing a post", () => {
  it("stores it pending and sends it to the approver with three buttons; the proposer can withdraw", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    expect(proposal).toMatchObject({ status: "pending", round: 1, platforms: "x,linkedin" });

    const request = d.request(BOB, proposal.id);
    for (const action of [ACTION.approve, ACTION.requestChanges, ACTION.reject]) {
      expect(d.hasButton(request, action)).toBe(true);
    }
    const shown = JSON.stringify(request.blocks);
    expect(shown).toContain("Our spring collection is live!");
    expect(shown).toContain("X, LinkedIn");
    expect(shown).toContain("Awareness");
    expect(shown).toContain(`<@${CAROL}>`);
    // Monday 10:00 UTC + 48 h, in the team's timezone (Alice's, the first user: Amsterdam).
    expect(shown).toContain("Wed 25 Nov 2026, 11:00 (Europe/Amsterdam)");
    const stored = await d.db.approvalMessage.findMany({ where: { proposalId: proposal.id } });
    expect(stored).toEqual([
      expect.objectContaining({ approverId: BOB, channel: request.channel, ts: request.ts }),
    ]);

    const confirmation = h.fake.dmsTo(CAROL).at(-1);
    expect(confirmation?.text).toContain(`is with <@${BOB}>`);
    expect(d.hasButton(confirmation!, ACTION.withdraw)).toBe(true);
    const audit = await d.db.auditEntry.findMany({ where: { subjectType: "proposal" } });
    expect(audit.map((row) => row.action)).toEqual(["proposal.submitted"]);
  });

  it("prefills the modal with the command text as typed, and shows the team's timezone", async () => {
    await d.team();
    const view = await d.openPropose(CAROL, "Launch day &amp; more with <@U_DAVE|dave>");
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain('"initial_value":"Launch day & more with @dave"');
    expect(blocks).toContain("Europe/Amsterdam");
  });

  it("escapes what the proposer typed: no @channel ping, no mention, no forged link", async () => {
    await d.team();
    const text = "Big news <!channel> from <@U_ALICE> & friends <https://evil.example|click>";
    const proposal = await d.propose(CAROL, { text, platforms: ["linkedin"] });
    const request = d.request(BOB, proposal.id);
    // The post itself is shown verbatim in a preformatted rich-text block, where Slack
    // parses no markup: nothing pings, nothing links, and it reads exactly as typed.
    const post = (request.blocks ?? []).find(
      (b) => (b as { block_id?: string }).block_id === "post",
    );
    expect(post).toEqual({
      type: "rich_text",
      block_id: "post",
      elements: [{ type: "rich_text_preformatted", elements: [{ type: "text", text }] }],
    });
    // Everywhere mrkdwn is parsed (sections, fields, the fallback), the text never appears raw.
    const mrkdwn = JSON.stringify([
      request.text,
      ...(request.blocks ?? []).filter((b) => b !== post),
    ]);
    expect(mrkdwn).not.toContain("<!channel>");
    expect(mrkdwn).not.toContain("<@U_ALICE>");
    expect(mrkdwn).not.toContain("<https://evil.example");
    const toProposer = h.fake
      .dmsTo(CAROL)
      .flatMap((m) => (m.blocks ?? []).filter((b) => (b as { type: string }).type !== "rich_text"));
    expect(JSON.stringify(toProposer)).not.toContain("<!channel>");
  });

  it("answers every invalid field inside the modal and stores nothing", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    const response = await h.slack.submitView(
      CAROL,
      view,
      d.values({
        platforms: ["instagram"],
        contentType: "text",
        publishAt: d.inHours(-1),
        linkUrl: "https://localhost",
        text: "<b>bold</b>",
      }),
    );
    expect(response.viewError).toBeNull();
    const answer = response.json as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe("errors");
    expect(Object.keys(answer.errors).sort()).toEqual(["contentType", "linkUrl", "publishAt"]);
    expect(answer.errors.contentType).toMatch(/Instagram needs image or video/);
    expect(answer.errors.publishAt).toMatch(/in the past/);
    expect(answer.errors.linkUrl).toMatch(/https:\/\//);
    // The modal stays open for a correction.
    expect(h.fake.openViews(CAROL)).toHaveLength(1);
    expect(await d.db.proposal.count()).toBe(0);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("refuses a 300-character post for X, next to the text", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    const response = await h.slack.submitView(
      CAROL,
      view,
      d.values({ text: "a".repeat(300), platforms: ["x"] }),
    );
    const answer = response.json as { response_action: string; errors: Record<string, string> };
    expect(answer).toEqual({
      response_action: "errors",
      errors: { text: expect.stringMatching(/Too long for X: 300 of 280/) },
    });
    expect(await d.db.proposal.count()).toBe(0);
  });

  it("says to try again when the form cannot open in time, and nothing breaks", async () => {
    await d.team();
    h.fake.failNext("views.open", { error: "expired_trigger_id" });
    const response = await h.slack.command(CAROL, "/propose", "hello");
    expect(response.status).toBe(200);
    expect(d.lastPrivate(CAROL)).toMatch(/could not open in time.*\/propose/);
    expect(await d.db.proposal.count()).toBe(0);
    // The next try works.
    await d.openPropose(CAROL);
  });

  it("with no approver, keeps it pending and tells the proposer who can name one", async () => {
    await d.team(null);
    const proposal = await d.propose(CAROL);
    expect(proposal.status).toBe("pending");
    const confirmation = h.fake.dmsTo(CAROL).at(-1);
    expect(confirmation?.text).toMatch(/nobody is the approver yet/);
    expect(confirmation?.text).toContain(`<@${ALICE}>`);
    expect(confirmation?.text).toContain("/role assign @someone approver");
    expect(h.fake.callsTo("chat.postMessage").map((c) => c.args.channel)).toEqual([
      h.fake.dmIdFor(CAROL),
    ]);

    await d.role(ALICE, `assign <@${BOB}> approver`);
    const request = d.request(BOB, proposal.id);
    expect(d.hasButton(request, ACTION.approve)).toBe(true);
    await d.click(BOB, request, ACTION.approve);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "approved",
    );
  });
});

describe("deciding", () => {
  it("approve: the request shows who approved and when, without buttons; the proposer is told", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    await d.click(BOB, request, ACTION.approve);

    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "approved",
    );
    const decisions = await d.db.decision.findMany();
    expect(decisions).toEqual([
      expect.objectContaining({
        outcome: "approved",
        deciderId: BOB,
        round: 1,
        selfApproved: false,
      }),
    ]);
    const updated = d.current(request);
    expect(JSON.stringify(updated.blocks)).toContain(`*Approved* by <@${BOB}> on Mon 23 Nov 2026`);
    expect(d.hasButton(updated, ACTION.approve)).toBe(false);
    expect(d.dmsContaining(CAROL, "approved your proposal")).toHaveLength(1);
    // The proposer's confirmation lost its Withdraw button.
    expect(h.fake.dmsTo(CAROL).some((m) => d.hasButton(m, ACTION.withdraw))).toBe(false);
    const audit = await d.db.auditEntry.findMany({
      where: { subjectType: "proposal" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((row) => [row.action, row.actorId])).toEqual([
      ["proposal.submitted", CAROL],
      ["proposal.approved", BOB],
    ]);
  });

  it("reject asks for a reason, which the proposer reads", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);

    const blank = await d.decideWithReason(BOB, request, ACTION.reject, "   ");
    expect(blank.json).toEqual({
      response_action: "errors",
      errors: { reason: expect.stringMatching(/Write a reason/) },
    });
    expect(await d.db.decision.count()).toBe(0);

    const view = h.fake.lastView(BOB);
    const response = await h.slack.submitView(BOB, view!, {
      reason: "Off-brand <tone> & too long",
    });
    expect(response.viewError).toBeNull();
    const stored = await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(stored.status).toBe("rejected");
    expect(await d.db.decision.findFirst()).toMatchObject({
      outcome: "rejected",
      reason: "Off-brand <tone> & too long",
    });
    const notice = d.dmsContaining(CAROL, "rejected your proposal");
    expect(notice).toHaveLength(1);
    expect(JSON.stringify(notice[0]!.blocks)).toContain("Off-brand &lt;tone&gt; &amp; too long");
    expect(d.hasButton(notice[0]!, ACTION.resubmit)).toBe(false);
    expect(d.hasButton(d.current(request), ACTION.reject)).toBe(false);
    expect(JSON.stringify(d.current(request).blocks)).toContain("*Rejected* by");
  });

  it("request changes, then the proposer edits and resubmits: a new round the approver approves", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const first = d.request(BOB, proposal.id);
    await d.decideWithReason(BOB, first, ACTION.requestChanges, "Add the shop link");
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "changes_requested",
    );

    const notice = d.dmsContaining(CAROL, "asks for changes")[0]!;
    expect(JSON.stringify(notice.blocks)).toContain("Add the shop link");
    await d.click(CAROL, notice, ACTION.resubmit);
    const modal = h.fake.lastView(CAROL)!;
    expect(modal.callback_id).toBe("proposal_propose");
    expect(JSON.stringify(modal.blocks)).toContain("Our spring collection is live!");

    const response = await h.slack.submitView(
      CAROL,
      modal,
      d.values({ text: "Spring is here: shop now", linkUrl: "https://shop.example.com/spring" }),
    );
    expect(response.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(h.fake.view(modal.id)?.blocks)).toContain("is saved (round 2)");
    const round2 = await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(round2).toMatchObject({
      status: "pending",
      round: 2,
      text: "Spring is here: shop now",
      linkUrl: "https://shop.example.com/spring",
    });
    expect(await d.db.proposal.count()).toBe(1);

    // The old request stays decided; a click on it decides nothing.
    await d.click(BOB, first, ACTION.approve);
    expect(d.lastPrivate(BOB)).toMatch(
      new RegExp(`^Proposal #${proposal.id} \\(“Spring is here: shop now”\\) is already decided`),
    );
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "pending",
    );

    // The notice's "Edit and resubmit" is gone now that round 2 is out.
    expect(d.hasButton(d.current(notice), ACTION.resubmit)).toBe(false);
    expect(JSON.stringify(d.current(notice).blocks)).toContain("round 2 is with the approver");

    const second = d.request(BOB, proposal.id);
    expect(second.ts).not.toBe(first.ts);
    const shown = JSON.stringify(second.blocks);
    expect(shown).toContain("round 2");
    // The approver sees how round 1 ended, its reason, and what changed.
    expect(shown).toContain(`In round 1, <@${BOB}> requested changes`);
    expect(shown).toContain("*Earlier reason:* Add the shop link");
    expect(shown).toContain("the text (the earlier one is quoted below)");
    expect(shown).toContain("link (was none)");
    expect(shown).not.toContain("platforms (was");
    expect(shown).toContain(
      '"rich_text_quote","elements":[{"type":"text","text":"Our spring collection is live!"}]',
    );
    await d.click(BOB, second, ACTION.approve);
    const decisions = await d.db.decision.findMany({ orderBy: { round: "asc" } });
    expect(decisions.map((row) => [row.round, row.outcome])).toEqual([
      [1, "changes_requested"],
      [2, "approved"],
    ]);

    // The form now says round 2 is saved and has no Submit: it cannot start a third round.
    expect(h.fake.view(modal.id)?.submit).toBeUndefined();
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).round).toBe(2);
  });

  it("only the approver decides: anyone else is told privately and nothing changes", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    for (const action of [ACTION.approve, ACTION.reject, ACTION.requestChanges]) {
      await d.click(DAVE, request, action);
      expect(d.lastPrivate(DAVE)).toBe(
        `Only <@${BOB}> can decide on proposals: they are the approver. Nothing changed.`,
      );
    }
    expect(h.fake.lastView(DAVE)).toBeUndefined();
    expect(await d.db.decision.count()).toBe(0);
    expect(d.updatesOf(request)).toHaveLength(0);
  });

  it("the approver may approve their own proposal: it reads self-approved", async () => {
    await d.team();
    const proposal = await d.propose(BOB);
    const request = d.request(BOB, proposal.id);
    await d.click(BOB, request, ACTION.approve);
    expect(await d.db.decision.findFirst()).toMatchObject({ selfApproved: true, deciderId: BOB });
    expect(JSON.stringify(d.current(request).blocks)).toContain(`*Self-approved* by <@${BOB}>`);
    expect(d.dmsContaining(BOB, "You self-approved your proposal")).toHaveLength(1);
  });

  it("a double click decides once; the second click is told who decided and when", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    await d.click(BOB, request, ACTION.approve);
    await d.click(BOB, request, ACTION.reject);
    expect(d.lastPrivate(BOB)).toMatch(
      new RegExp(
        `^Proposal #${proposal.id} \\(“Our spring collection is live!”\\) is already decided: <@${BOB}> approved it on Mon 23 Nov 2026, 11:00`,
      ),
    );
    expect(h.fake.lastView(BOB)).toBeUndefined();
    expect(await d.db.decision.count()).toBe(1);
    expect(d.updatesOf(request)).toHaveLength(1);
    expect(d.dmsContaining(CAROL, "approved your proposal")).toHaveLength(1);
  });

  it("a reason submitted after someone else decided changes nothing and says who decided", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    await d.click(BOB, request, ACTION.reject);
    const reasonModal = h.fake.lastView(BOB)!;
    // Meanwhile, from another device, Bob approves.
    await d.click(BOB, request, ACTION.approve);
    const response = await h.slack.submitView(BOB, reasonModal, { reason: "Too late" });
    expect(response.viewError).toBeNull();
    expect(d.lastPrivate(BOB)).toMatch(
      new RegExp(`^Proposal #\\d+ .* is already decided: <@${BOB}> approved it`),
    );
    expect(await d.db.decision.findMany()).toEqual([
      expect.objectContaining({ outcome: "approved", reason: null }),
    ]);
    expect(d.dmsContaining(CAROL, "rejected")).toHaveLength(0);
  });

  it("20 simultaneous Approve clicks: one decision, one notice, one update", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => h.slack.clickButton(BOB, request, ACTION.approve)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(await d.db.decision.count()).toBe(1);
    expect(d.dmsContaining(CAROL, "approved your proposal")).toHaveLength(1);
    expect(d.updatesOf(request)).toHaveLength(1);
    const told = h.fake.ephemeralsTo(BOB).filter((e) => /is already decided/.test(String(e.text)));
    expect(told).toHaveLength(19);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.approved" } })).toBe(1);
  });

  it("a second replica on the same database does not decide again", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    const replica = await h.startReplica();
    await d.click(BOB, request, ACTION.approve);
    const response = await replica.slack.clickButton(BOB, request, ACTION.approve);
    expect(response.status).toBe(200);
    expect(d.lastPrivate(BOB)).toMatch(/^Proposal #\d+ .* is already decided/);
    expect(await d.db.decision.count()).toBe(1);
    expect(d.dmsContaining(CAROL, "approved your proposal")).toHaveLength(1);
  });
});

describe("withdrawing", () => {
  it("only the proposer, only while pending; the approver's request says so", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    const confirmation = d.snapshot(
      h.fake.dmsTo(CAROL).find((m) => d.hasButton(m, ACTION.withdraw)),
    );

    await d.click(DAVE, confirmation, ACTION.withdraw);
    expect(d.lastPrivate(DAVE)).toMatch(new RegExp(`Only <@${CAROL}>, who proposed it`));
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "pending",
    );

    await d.click(CAROL, confirmation, ACTION.withdraw);
    expect(d.lastPrivate(CAROL)).toMatch(/withdrawn/);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "withdrawn",
    );
    expect(JSON.stringify(d.current(request).blocks)).toContain("*Withdrawn* by");
    expect(d.hasButton(d.current(request), ACTION.approve)).toBe(false);
    expect(d.hasButton(d.current(confirmation), ACTION.withdraw)).toBe(false);

    await d.click(BOB, request, ACTION.approve);
    expect(d.lastPrivate(BOB)).toMatch(
      new RegExp(
        `<@${CAROL}> withdrew proposal #${proposal.id} \\(“Our spring collection is live!”\\)`,
      ),
    );
    await d.click(CAROL, confirmation, ACTION.withdraw);
    expect(d.lastPrivate(CAROL)).toMatch(/nothing to withdraw/);
    expect(await d.db.decision.count()).toBe(1);
  });
});

describe("a new approver", () => {
  it("gets every pending proposal; the old requests lose their buttons and decide nothing", async () => {
    await d.team();
    const one = await d.propose(CAROL);
    const two = await d.propose(DAVE, { text: "Second post" });
    const oldOne = d.request(BOB, one.id);
    const oldTwo = d.request(BOB, two.id);
    const decided = await d.propose(CAROL, { text: "Already approved" });
    await d.click(BOB, d.request(BOB, decided.id), ACTION.approve);

    await d.role(ALICE, `assign <@${ALICE}> approver`);
    for (const old of [oldOne, oldTwo]) {
      const now = d.current(old);
      expect(d.hasButton(now, ACTION.approve)).toBe(false);
      expect(JSON.stringify(now.blocks)).toContain(`This request moved to <@${ALICE}>`);
    }
    expect(d.request(ALICE, one.id)).toBeDefined();
    expect(d.request(ALICE, two.id)).toBeDefined();
    expect(() => d.request(ALICE, decided.id)).toThrow();
    // Each proposer's confirmation now names the new approver, still with Withdraw.
    for (const proposer of [CAROL, DAVE]) {
      const confirmation = h.fake.dmsTo(proposer).find((m) => d.hasButton(m, ACTION.withdraw));
      expect(confirmation?.text).toContain(`is with <@${ALICE}>`);
    }

    // Bob's old message, clicked from a stale screen, decides nothing.
    await d.click(BOB, oldOne, ACTION.approve);
    expect(d.lastPrivate(BOB)).toMatch(new RegExp(`Only <@${ALICE}> can decide`));

    // Bob is named again: his old message is still out of date, the new one works.
    await d.role(ALICE, `assign <@${BOB}> approver`);
    await d.click(BOB, oldOne, ACTION.approve);
    expect(d.lastPrivate(BOB)).toMatch(/out of date/);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: one.id } })).status).toBe(
      "pending",
    );
    await d.click(BOB, d.request(BOB, one.id), ACTION.approve);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: one.id } })).status).toBe(
      "approved",
    );
  });

  it("unassigning the approver parks the requests until someone is named", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    await d.role(ALICE, `unassign <@${BOB}> approver`);
    expect(JSON.stringify(d.current(request).blocks)).toContain("no longer the approver");
    await d.click(BOB, request, ACTION.approve);
    expect(d.lastPrivate(BOB)).toMatch(/Nobody is the approver/);
    expect(await d.db.decision.count()).toBe(0);
  });
});
