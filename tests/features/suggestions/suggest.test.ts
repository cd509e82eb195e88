import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { CAROL, DAVE, driver } from "../proposals/helpers.ts";

let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

describe("/suggest", () => {
  it("saves a link and why, audited, and says where it will be seen", async () => {
    await d.team();
    // Slack sends a typed link as <https://…> (should_escape).
    const response = await h.slack.command(
      DAVE,
      "/suggest",
      "<https://example.com/spring-trends> Great for Friday &amp; the weekend",
    );
    expect(response.status).toBe(200);
    const saved = await d.db.suggestion.findFirstOrThrow();
    expect(saved).toMatchObject({
      url: "https://example.com/spring-trends",
      why: "Great for Friday & the weekend",
      suggestedBy: DAVE,
      status: "open",
    });
    expect(d.lastPrivate(DAVE)).toMatch(
      new RegExp(`^Thanks! Suggestion #${saved.id} is saved: https://example.com/spring-trends`),
    );
    expect(
      await d.db.auditEntry.count({
        where: { action: "suggestion.created", subjectId: String(saved.id), actorId: DAVE },
      }),
    ).toBe(1);
  });

  it("answers a bad address with the usage line in the person's language, and saves nothing", async () => {
    h.fake.setLocale(CAROL, "fr-FR");
    await h.slack.command(CAROL, "/suggest", "pas-une-adresse parce que");
    const line = d.lastPrivate(CAROL);
    expect(line).toMatch(/^Utilisation\u00a0: `\/suggest &lt;url&gt; \[pourquoi\]`/);
    expect(line).toContain("«\u00a0pas-une-adresse\u00a0» n’est pas une adresse");
    await h.slack.command(CAROL, "/suggest", "");
    expect(d.lastPrivate(CAROL)).toMatch(/^Utilisation\u00a0: `\/suggest/);
    // A private address is no public link either; an English speaker reads English.
    await h.slack.command(DAVE, "/suggest", "<http://localhost:3000/x>");
    expect(d.lastPrivate(DAVE)).toMatch(/^Usage: `\/suggest &lt;url&gt; \[why\]`/);
    expect(d.lastPrivate(DAVE)).toContain("“http://localhost:3000/x” is not an address");
    expect(await d.db.suggestion.count()).toBe(0);
    expect(await d.db.auditEntry.count({ where: { action: "suggestion.created" } })).toBe(0);
  });

  it("saves once when the same request arrives twice, on any replica", async () => {
    const replica = await h.startReplica();
    const { form: body } = h.slack.commandForm(DAVE, "/suggest", "<https://example.com/once>");
    const timestamp = Math.floor(Date.now() / 1000);
    const sent = await Promise.all([
      h.slack.post(body, "application/x-www-form-urlencoded", {}, { timestamp }),
      replica.slack.post(body, "application/x-www-form-urlencoded", {}, { timestamp }),
      h.slack.post(body, "application/x-www-form-urlencoded", {}, { timestamp }),
    ]);
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    // Each copy's work runs after its ack (ackThenWork): let both replicas finish.
    await Promise.all([h.app.built.answeredWorkDone(), replica.app.built.answeredWorkDone()]);
    expect(await d.db.suggestion.count()).toBe(1);
    expect(await d.db.auditEntry.count({ where: { action: "suggestion.created" } })).toBe(1);
    expect(
      h.fake.ephemeralsTo(DAVE).filter((e) => String(e.text).startsWith("Thanks!")),
    ).toHaveLength(1);
  });
});
