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

const ADD_VISUAL = "proposal_add_visual";

function blocksOf(message: { blocks?: unknown[] }): Array<Record<string, unknown>> {
  return (message.blocks ?? []) as Array<Record<string, unknown>>;
}

describe("the propose modal", () => {
  it("labels optional fields once, lists platforms as checkboxes, and offers a Visuals file input", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    const inputs = blocksOf(view).filter((b) => b.type === "input");
    const labels = inputs.map((b) => (b.label as { text: string }).text);
    // Slack adds "(optional)" to optional inputs itself: no label says it again.
    expect(labels.filter((label) => /optional/i.test(label))).toEqual([]);
    const byId = Object.fromEntries(inputs.map((b) => [b.block_id, b]));
    expect(byId.linkUrl).toMatchObject({ optional: true, label: { text: "Link" } });
    expect(byId.notes).toMatchObject({ optional: true });
    expect(byId.platforms).toMatchObject({ element: { type: "checkboxes" } });
    expect((byId.platforms!.element as { options: unknown[] }).options).toHaveLength(9);
    expect(byId.visuals).toMatchObject({
      optional: true,
      element: { type: "file_input", max_files: 10 },
    });
  });

  it("says when Slack's 3,000-character input cut the /propose text, and the approver is told too", async () => {
    await d.team();
    const long = `${"Long story. ".repeat(260)}THE END`;
    const view = await d.openPropose(CAROL, long);
    const text = blocksOf(view).find((b) => b.block_id === "text")!;
    const initial = (text.element as { initial_value: string }).initial_value;
    expect([...initial]).toHaveLength(3000);
    expect(initial.endsWith("…")).toBe(false);
    expect((text.hint as { text: string }).text).toMatch(
      /had 3,127 characters; Slack's input holds 3,000, so it was cut/,
    );
    // Sent as it was cut: the approver learns the end is missing.
    await h.slack.submitView(CAROL, view, d.values({ text: initial, platforms: ["linkedin"] }));
    const proposal = await d.db.proposal.findFirstOrThrow();
    expect(proposal.textCutFrom).toBe(3127);
    expect(JSON.stringify(d.request(BOB, proposal.id).blocks)).toMatch(
      /text had 3,127 characters; Slack's input holds 3,000, so the end was cut/,
    );
  });
});

describe("visuals", () => {
  it("stores the files' ids, shows images as image blocks and names videos with a link", async () => {
    await d.team();
    const photo = h.fake.addFile({ name: "spring.png", mimetype: "image/png", user: CAROL });
    const clip = h.fake.addFile({ name: "teaser.mp4", mimetype: "video/mp4", user: CAROL });
    const proposal = await d.propose(CAROL, {
      platforms: ["instagram"],
      contentType: "carousel",
      visuals: [photo.id, clip.id],
    });
    const stored = JSON.parse(proposal.visuals) as Array<Record<string, unknown>>;
    expect(stored.map((v) => [v.id, v.kind, v.name])).toEqual([
      [photo.id, "image", "spring.png"],
      [clip.id, "video", "teaser.mp4"],
    ]);
    expect(proposal.visuals).not.toMatch(/bytes|base64/);

    const request = d.request(BOB, proposal.id);
    const images = blocksOf(request).filter((b) => b.type === "image");
    expect(images).toEqual([
      expect.objectContaining({ slack_file: { id: photo.id }, alt_text: "spring.png" }),
    ]);
    expect(JSON.stringify(request.blocks)).toMatch(
      new RegExp(`Video <https://[^|]+/${clip.id}/teaser.mp4\\|teaser.mp4>`),
    );
    // Fresh from the form, the files are shown as Slack described them: no files.info.
    expect(h.fake.callsTo("files.info")).toHaveLength(0);
    // A post with a visual asks no designer.
    expect(await d.db.visualRequest.count()).toBe(0);
  });

  it("refuses files that are neither images nor videos, next to the field, and stores nothing", async () => {
    await d.team();
    const brief = h.fake.addFile({ name: "brief.pdf", mimetype: "application/pdf", user: CAROL });
    const view = await d.openPropose(CAROL);
    const response = await h.slack.submitView(CAROL, view, d.values({ visuals: [brief.id] }));
    expect(response.json).toEqual({
      response_action: "errors",
      errors: { visuals: expect.stringMatching(/Only images and videos.*brief\.pdf/) },
    });
    expect(await d.db.proposal.count()).toBe(0);
  });

  it("a file deleted since is named, not shown, when the request is sent again, so it still arrives", async () => {
    await d.team();
    const photo = h.fake.addFile({ name: "gone.png", mimetype: "image/png", user: CAROL });
    const kept = h.fake.addFile({ name: "kept.png", mimetype: "image/png", user: CAROL });
    const proposal = await d.propose(CAROL, {
      contentType: "image",
      visuals: [photo.id, kept.id],
    });
    h.fake.deleteFile(photo.id);
    // A new approver: the request is sent again, with the files checked first.
    await d.role(ALICE, `assign <@${DAVE}> approver`);
    const request = d.request(DAVE, proposal.id);
    const images = blocksOf(request).filter((b) => b.type === "image");
    expect(images).toEqual([expect.objectContaining({ slack_file: { id: kept.id } })]);
    expect(JSON.stringify(request.blocks)).toContain("One attached file is no longer in Slack");
    expect(h.fake.callsTo("files.info").map((c) => c.args.file)).toEqual([photo.id, kept.id]);
  });
});

describe("designers", () => {
  it("each designer gets one DM with Add visual; the visual updates the approver's request in place", async () => {
    await d.team();
    await d.role(ALICE, `assign <@${DAVE}> designer`);
    await d.role(ALICE, `assign <@${ALICE}> designer`);
    const proposal = await d.propose(CAROL, { contentType: "image" });
    const request = d.request(BOB, proposal.id);
    expect(blocksOf(request).some((b) => b.type === "image")).toBe(false);

    for (const designer of [DAVE, ALICE]) {
      const asks = h.fake.dmsTo(designer).filter((m) => d.hasButton(m, ADD_VISUAL));
      expect(asks).toHaveLength(1);
      expect(asks[0]!.text).toBe(`Proposal #${proposal.id} needs a visual.`);
    }
    expect(h.fake.dmsTo(CAROL).some((m) => d.hasButton(m, ADD_VISUAL))).toBe(false);

    const ask = d.snapshot(h.fake.dmsTo(DAVE).find((m) => d.hasButton(m, ADD_VISUAL)));
    await d.click(DAVE, ask, ADD_VISUAL);
    const modal = h.fake.lastView(DAVE)!;
    expect(modal.callback_id).toBe("proposal_add_visual");
    // Submitting with no file is not possible in Slack (the input is required).
    await expect(h.slack.submitView(DAVE, modal, {})).rejects.toThrow(/required input/);
    const photo = h.fake.addFile({ name: "hero.jpg", mimetype: "image/jpeg", user: DAVE });
    const response = await h.slack.submitView(DAVE, modal, { visuals: [photo.id] });
    expect(response.json).toBeUndefined();
    expect(response.viewError).toBeNull();

    // The approver's request, in place, now shows the image and still has its buttons.
    const updated = d.current(request);
    expect(blocksOf(updated).filter((b) => b.type === "image")).toEqual([
      expect.objectContaining({ slack_file: { id: photo.id } }),
    ]);
    expect(d.hasButton(updated, ACTION.approve)).toBe(true);
    expect(d.dmsContaining(BOB, "needs a visual")).toHaveLength(0);
    // The proposer is told; both designers' DMs lose their button.
    expect(
      d.dmsContaining(CAROL, `<@${DAVE}> added a visual to your proposal #${proposal.id}`),
    ).toHaveLength(1);
    for (const designer of [DAVE, ALICE]) {
      expect(h.fake.dmsTo(designer).some((m) => d.hasButton(m, ADD_VISUAL))).toBe(false);
    }
    expect(JSON.stringify(d.current(ask).blocks)).toContain(`<@${DAVE}> added a visual`);
    const audit = await d.db.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(audit.filter((a) => a.subjectType === "proposal").map((a) => a.action)).toEqual([
      "proposal.submitted",
      "proposal.visual_requested",
      "proposal.visual_requested",
      "proposal.visual_added",
    ]);

    // The old button, clicked again, adds nothing once the proposal is decided.
    await d.click(BOB, d.request(BOB, proposal.id), ACTION.approve);
    await d.click(DAVE, ask, ADD_VISUAL);
    expect(d.lastPrivate(DAVE)).toMatch(/no longer waiting \(it is approved\)/);
  });

  it("a decision closes the designers' requests; an edit never asks the same designer twice", async () => {
    await d.team();
    await d.role(ALICE, `assign <@${DAVE}> designer`);
    const proposal = await d.propose(CAROL, { contentType: "video", platforms: ["youtube"] });
    const edit = d.snapshot(h.fake.dmsTo(CAROL).find((m) => d.hasButton(m, ACTION.edit)));
    await d.click(CAROL, edit, ACTION.edit);
    await h.slack.submitView(
      CAROL,
      h.fake.lastView(CAROL)!,
      d.values({ contentType: "video", platforms: ["youtube"], text: "Edited" }),
    );
    expect(h.fake.dmsTo(DAVE).filter((m) => JSON.stringify(m).includes(ADD_VISUAL))).toHaveLength(
      1,
    );
    await d.decideWithReason(BOB, d.request(BOB, proposal.id), ACTION.reject, "Not now");
    const ask = h.fake.dmsTo(DAVE)[0]!;
    expect(d.hasButton(ask, ADD_VISUAL)).toBe(false);
    expect(JSON.stringify(ask.blocks)).toContain("no longer needs a visual (it is rejected)");
  });
});
