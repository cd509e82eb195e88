import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { TEST_DB } from "../../support/database.ts";
import { BOB, CAROL, driver } from "./helpers.ts";

/**
 * A submitted proposal is answered at once ("Sending for approval…", in the
 * form's language) and stored after the answer; the form is then updated
 * with the result: saved, or the form again with why and what was typed.
 */
let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

const blocksOf = (viewId: string) => JSON.stringify(h.fake.view(viewId)?.blocks);

/** Makes every new proposal fail to store, as a database refusing the write would. */
async function failProposalInserts(): Promise<() => Promise<void>> {
  const db = h.database.db;
  if (TEST_DB === "sqlite") {
    await db.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_proposal BEFORE INSERT ON "Proposal" BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    return async () => void (await db.$executeRawUnsafe(`DROP TRIGGER test_refuse_proposal`));
  }
  await db.$executeRawUnsafe(
    `CREATE FUNCTION test_refuse_proposal() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`,
  );
  await db.$executeRawUnsafe(
    `CREATE TRIGGER test_refuse_proposal BEFORE INSERT ON "Proposal" FOR EACH ROW EXECUTE FUNCTION test_refuse_proposal()`,
  );
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER test_refuse_proposal ON "Proposal"`);
    await db.$executeRawUnsafe(`DROP FUNCTION test_refuse_proposal()`);
  };
}

describe("a submitted proposal", () => {
  it("is answered with 'Sending for approval…', then the form says it is saved; the approver gets it", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);

    const response = await h.slack.submitView(CAROL, view, d.values());
    expect(response.viewError).toBeNull();
    expect(response.json).toMatchObject({
      response_action: "update",
      view: {
        title: { text: "Propose a post" },
        blocks: [{ text: { text: ":hourglass_flowing_sand: Sending for approval…" } }],
      },
    });
    expect((response.json as { view: { submit?: unknown } }).view.submit).toBeUndefined();

    const proposal = await d.db.proposal.findFirstOrThrow();
    // The same modal, updated by its id after the answer, to the result.
    const updates = h.fake.callsTo("views.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.view_id).toBe(view.id);
    expect(h.fake.view(view.id)?.submit).toBeUndefined();
    expect(blocksOf(view.id)).toContain(`Proposal #${proposal.id} is saved.`);
    expect(d.request(BOB, proposal.id)).toBeDefined();
  });

  it("opened in French, is answered and confirmed in French", async () => {
    await d.team();
    h.fake.setLocale(CAROL, "fr-FR");
    const view = await d.openPropose(CAROL);

    const response = await h.slack.submitView(CAROL, view, d.values());
    expect(JSON.stringify(response.json)).toContain("Envoi pour validation…");
    const proposal = await d.db.proposal.findFirstOrThrow();
    expect(blocksOf(view.id)).toContain(`La proposition n°\u00a0${proposal.id} est enregistrée.`);
    expect(h.fake.view(view.id)?.close).toMatchObject({ text: "Fermer" });
  });

  it("that cannot be stored stores nothing and comes back with what was typed; sent again, it is stored once", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    const allow = await failProposalInserts();
    const typed = d.values({ text: "Launch day!", linkUrl: "https://example.com/launch" });

    const response = await h.slack.submitView(CAROL, view, typed);
    expect(response.json).toMatchObject({ response_action: "update" });
    // Nothing half-stored: not the proposal, not its submission key, not its audit entry.
    expect(await d.db.proposal.count()).toBe(0);
    expect(
      await d.db.processedEvent.count({ where: { eventId: { startsWith: "view_submission:" } } }),
    ).toBe(0);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.submitted" } })).toBe(0);
    const again = h.fake.view(view.id)!;
    expect(again.submit).toMatchObject({ text: "Send for approval" });
    const shown = JSON.stringify(again.blocks);
    expect(shown).toContain("Nothing was saved");
    expect(shown).toContain("send it again in a moment");
    expect(shown).toContain('"initial_value":"Launch day!"');
    expect(shown).toContain('"initial_value":"https://example.com/launch"');
    expect(shown).toContain('"initial_option":{"text":{"type":"plain_text","text":"Awareness"');

    await allow();
    const resent = await h.slack.submitView(CAROL, again, typed);
    expect(resent.viewError).toBeNull();
    expect(await d.db.proposal.count()).toBe(1);
    expect((await d.db.proposal.findFirstOrThrow()).text).toBe("Launch day!");
    expect(blocksOf(view.id)).toContain("is saved");
    expect(blocksOf(view.id)).not.toContain("Nothing was saved");
  });

  it("whose form was closed meanwhile is still stored, and the confirmation DM says so", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    // Slack's answer to an update of a modal the person closed.
    h.fake.failNext("views.update", { error: "not_found" });

    await h.slack.submitView(CAROL, view, d.values());
    const proposal = await d.db.proposal.findFirstOrThrow();
    expect(proposal.status).toBe("pending");
    expect(d.dmsContaining(CAROL, `#${proposal.id}`).length).toBeGreaterThan(0);
    expect(d.request(BOB, proposal.id)).toBeDefined();
  });

  it("is stored by hand-written SQL as Prisma reads it back: every column, its audit entry, its request", async () => {
    await d.team();
    await d.db.personLanguage.upsert({
      where: { teamId_userId: { teamId: h.fake.teamId, userId: BOB } },
      create: { teamId: h.fake.teamId, userId: BOB, choice: "fr" },
      update: { choice: "fr" },
    });
    const view = await d.openPropose(CAROL);
    const publishAt = d.inHours(72);
    await h.slack.submitView(
      CAROL,
      view,
      d.values({ publishAt, linkUrl: "https://example.com/a", notes: "Check the date" }),
    );

    const now = h.clock.now();
    const proposal = await d.db.proposal.findFirstOrThrow();
    expect(proposal).toMatchObject({
      proposerId: CAROL,
      text: "Our spring collection is live!",
      platforms: "x,linkedin",
      publishAt: new Date(publishAt * 1000),
      goal: "awareness",
      contentType: "text",
      linkUrl: "https://example.com/a",
      notes: "Check the date",
      status: "pending",
      round: 1,
      firstProposedAt: now,
      submittedAt: now,
      createdAt: now,
      // Touched since by the delivery of the proposer's confirmation (where it landed).
      updatedAt: expect.any(Date),
      visuals: "[]",
      previousRound: null,
      textCutFrom: null,
    });
    // The raw dates compare with Prisma's: the proposal is pending and not yet due.
    expect(
      await d.db.proposal.count({ where: { status: "pending", publishAt: { gt: now } } }),
    ).toBe(1);
    const audit = await d.db.auditEntry.findFirstOrThrow({
      where: { action: "proposal.submitted" },
    });
    expect(audit).toMatchObject({
      actorId: CAROL,
      subjectType: "proposal",
      subjectId: String(proposal.id),
    });
    expect(JSON.parse(audit.detail)).toEqual({ round: 1, visuals: 0 });
    expect(await d.db.approvalMessage.findMany()).toEqual([
      expect.objectContaining({ proposalId: proposal.id, round: 1, approverId: BOB }),
    ]);
    // The approver's stored language, read by the same statement: the request is in French.
    expect(JSON.stringify(h.fake.dmsTo(BOB))).toContain(
      `Proposition n°\u00a0${proposal.id} — à vous de décider`,
    );
  });
});
