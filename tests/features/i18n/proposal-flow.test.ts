import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, ALICE, BOB, CAROL, DAVE, driver } from "../proposals/helpers.ts";

/**
 * Propose → decide → notice end to end in both languages, in one team: Dave
 * (proposer) and Bob (approver) have Slack in French, Carol (proposer) and
 * Alice (manager) in English. Each reads every modal and DM in their own.
 */
let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
  h.fake.setLocale(DAVE, "fr-FR");
  h.fake.setLocale(BOB, "fr-CA");
  await d.team();
});
afterEach(async () => {
  await h.close();
});

/** The live request for proposal `id` in `userId`'s DMs, whatever its language ("#1", "n° 1"). */
function requestFor(userId: string, id: number) {
  const found = h.fake
    .dmsTo(userId)
    .filter(
      (m) => d.hasButton(m, ACTION.approve) && new RegExp(`(#|n°\\u00a0)${id}\\b`).test(shown(m)),
    )
    .at(-1);
  if (!found) throw new Error(`no approval request for ${id} in ${userId}'s DMs`);
  return structuredClone(found);
}

const shown = (message: { text?: string; blocks?: unknown[] } | undefined) =>
  `${message?.text ?? ""}\n${JSON.stringify(message?.blocks ?? [])}`;

describe("a proposal in French and in English in one team", () => {
  it("a French proposer, a French approver who rejects with a reason, the French notice", async () => {
    const form = await d.openPropose(DAVE);
    expect(form.title).toMatchObject({ text: "Proposer une publication" });
    expect(form.submit).toMatchObject({ text: "Envoyer pour validation" });
    const submitted = await h.slack.submitView(
      DAVE,
      form,
      d.values({ text: "Notre collection de printemps est en ligne !" }),
    );
    expect(submitted.viewError).toBeNull();
    const proposal = await d.db.proposal.findFirstOrThrow({ where: { proposerId: DAVE } });

    const request = requestFor(BOB, proposal.id);
    expect(shown(request)).toContain(`Proposition n°\u00a0${proposal.id} — à vous de décider`);
    expect(shown(request)).not.toContain("your decision");

    await d.click(BOB, request, ACTION.reject);
    const reasonModal = h.fake.lastView(BOB);
    expect(reasonModal?.title).toMatchObject({ text: "Refuser la proposition" });
    expect(reasonModal?.submit).toMatchObject({ text: "Refuser" });
    expect(JSON.stringify(reasonModal?.blocks)).toMatch(/Pourquoi la refusez-vous/);
    const decided = await h.slack.submitView(BOB, reasonModal!, {
      reason: "Le ton ne correspond pas à la marque",
    });
    expect(decided.status).toBe(200);

    const [notice] = d.dmsContaining(DAVE, "a refusé votre proposition");
    expect(shown(notice)).toContain(`<@${BOB}> a refusé votre proposition n°\u00a0${proposal.id}`);
    expect(shown(notice)).toContain("Raison");
    expect(shown(notice)).toContain("Le ton ne correspond pas à la marque");
    // A French date in the team's zone ("le lun. 23 nov. 2026 à 11:00"), no English left.
    expect(shown(notice)).toMatch(/ le lun\. 23 nov\. 2026 à \d\d:\d\d \(Europe\/Amsterdam\)/);
    expect(shown(notice)).not.toMatch(/rejected your proposal|Reason/);
  });

  it("an English proposer in the same team reads English, though the approver reads French", async () => {
    const form = await d.openPropose(CAROL);
    expect(form.title).toMatchObject({ text: "Propose a post" });
    const proposal = await d.propose(CAROL);
    const request = requestFor(BOB, proposal.id);
    expect(shown(request)).toContain("à vous de décider");

    await d.click(BOB, request, ACTION.approve);
    const [notice] = d.dmsContaining(CAROL, "approved your proposal");
    expect(shown(notice)).toContain(`<@${BOB}> approved your proposal #${proposal.id}`);
    expect(shown(notice)).not.toMatch(/a approuvé|proposition/);

    // Alice, English, rejects Dave's (French) proposal: Dave still reads French.
    await d.role(ALICE, `assign <@${ALICE}> approver`);
    const daves = await d.propose(DAVE);
    const aliceRequest = requestFor(ALICE, daves.id);
    expect(shown(aliceRequest)).toContain(`Proposal #${daves.id} — your decision`);
    await d.decideWithReason(ALICE, aliceRequest, ACTION.requestChanges, "Add the shop link");
    const [changes] = d.dmsContaining(DAVE, "demande des modifications");
    expect(shown(changes)).toContain("Add the shop link");
    expect(shown(changes)).toContain("Modifier et renvoyer");
  });
});
