import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, CAROL, driver } from "../proposals/helpers.ts";

let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

const GUIDELINES = "Warm, plain words; no jargon & no <b>shouting</b>.\nAlways alt text on images.";

describe("/greenlight guidelines", () => {
  it("a manager writes them in a modal; everyone reads them; the propose form reminds of them", async () => {
    await d.team();
    // Nobody has written any yet; a non-manager may not edit.
    await h.slack.command(CAROL, "/greenlight", "guidelines");
    expect(d.lastPrivate(CAROL)).toBe("The team has no guidelines yet.");
    await h.slack.command(CAROL, "/greenlight", "guidelines edit");
    expect(d.lastPrivate(CAROL)).toMatch(/Only a manager/);
    expect(h.fake.openViews(CAROL)).toHaveLength(0);
    const before = await d.openPropose(CAROL);
    expect(JSON.stringify(before.blocks)).not.toContain("guidelines_read");

    await h.slack.command(ALICE, "/greenlight", "guidelines edit");
    const modal = h.fake.lastView(ALICE)!;
    expect(modal.callback_id).toBe("guidelines_edit");
    const saved = await h.slack.submitView(ALICE, modal, { guidelines: GUIDELINES });
    expect(saved.json).toBeUndefined();
    expect(await d.db.teamGuidelines.findFirst()).toMatchObject({
      text: GUIDELINES,
      updatedBy: ALICE,
    });
    expect(await d.db.auditEntry.count({ where: { action: "guidelines.saved" } })).toBe(1);

    await h.slack.command(CAROL, "/greenlight", "guidelines");
    const shown = h.fake.ephemeralsTo(CAROL).at(-1)!;
    const text = JSON.stringify(shown.blocks);
    expect(text).toContain("no jargon &amp; no &lt;b&gt;shouting&lt;/b&gt;");
    expect(text).toContain(`Last edited by <@${ALICE}>`);
    expect(text).not.toContain("guidelines_edit_open");

    // The propose form: one line, and a button that shows them in full over the form.
    const form = await d.openPropose(CAROL);
    const formText = JSON.stringify(form.blocks);
    expect(formText).toContain("*Team guidelines:* Warm, plain words; no jargon &amp; no");
    expect(formText).not.toContain("Always alt text");
    await h.slack.clickButton(CAROL, form, "guidelines_read");
    const stack = h.fake.openViews(CAROL);
    expect(stack.map((v) => v.callback_id)).toEqual(["proposal_propose", ""]);
    expect(JSON.stringify(stack[1]!.blocks)).toContain("Always alt text on images.");
  });

  it("a manager's reply has an Edit button; emptying the text removes them", async () => {
    await d.team();
    await h.slack.command(ALICE, "/greenlight", "guidelines");
    const reply = h.fake.ephemeralsTo(ALICE).at(-1)!;
    expect(JSON.stringify(reply.blocks)).toContain("guidelines_edit_open");
    await h.slack.clickButton(ALICE, reply, "guidelines_edit_open");
    await h.slack.submitView(ALICE, h.fake.lastView(ALICE)!, { guidelines: "Be kind." });
    await h.slack.command(ALICE, "/greenlight", "guidelines edit");
    const modal = h.fake.lastView(ALICE)!;
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"Be kind."');
    await h.slack.submitView(ALICE, modal, { guidelines: "" });
    expect(await d.db.teamGuidelines.count()).toBe(0);
    await h.slack.command(CAROL, "/greenlight", "guidelines now");
    expect(d.lastPrivate(CAROL)).toMatch(/^Usage: \/greenlight guidelines/);
  });
});
