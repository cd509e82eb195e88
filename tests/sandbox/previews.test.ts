import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findJob } from "../../src/scheduler/registry.ts";
import { messagesIn, startTestSandbox, type SandboxUnderTest } from "./support.ts";

/**
 * The banner's "Weekly digest" and "Webcare reminders" buttons show a result
 * now — a preview, marked as such — even when the scheduled job would have
 * nothing due, and the toast names people and channels.
 */
let s: SandboxUnderTest;
beforeAll(async () => {
  s = await startTestSandbox();
});
afterAll(async () => {
  await s.stop();
});

/** Types a command as `as` and waits until the app has done all it does after the ack. */
async function type(as: string, text: string, channel = "C_GENERAL"): Promise<void> {
  const sent = await s.page("command", { as, channel, text });
  expect(sent.status).toBe(200);
  expect(await s.sandbox.greenlight.built.drain(20_000)).toBe(true);
}

const lastIn = async (as: string, channel: string) =>
  messagesIn(await s.state(as), channel).at(-1)?.text ?? "";

describe("the sandbox banner's buttons", () => {
  beforeAll(async () => {
    await type("U_ALICE", "/role assign @alice manager");
  });

  it("Weekly digest posts a marked preview in a channel subscribed today, every time it is pressed", async () => {
    await type("U_ALICE", "/metrics subscribe #general");
    for (const round of [1, 2]) {
      const pressed = await s.page("jobs/weekly-digest", {});
      expect(pressed.status).toBe(200);
      const sent = pressed.json.sent as string[];
      expect(sent).toEqual([
        expect.stringMatching(/^preview of the digest for the week of .* posted in #general$/),
      ]);
      const previews = messagesIn(await s.state("U_ALICE"), "C_GENERAL").filter(
        (m) => !m.ephemeral && m.text.startsWith("Preview — not the scheduled post."),
      );
      expect(previews).toHaveLength(round);
      expect(await lastIn("U_ALICE", "C_GENERAL")).toMatch(/^Preview — not the scheduled post\./);
    }
  });

  it("Webcare reminders sends today's reminder and announcement as previews after the scheduler sent them", async () => {
    await type("U_ALICE", "/webcare rotation @bob @carol at 00:00 in #general");
    // The scheduled job already reminded today: running it again sends nothing.
    const { deps } = s.sandbox.greenlight.built;
    await findJob("webcare-reminders")?.run(deps, deps.clock());
    expect(await findJob("webcare-reminders")?.run(deps, deps.clock())).toEqual([]);
    const dmsBefore = messagesIn(await s.state("U_BOB"), s.sandbox.fake.dmIdFor("U_BOB")).length;

    const pressed = await s.page("jobs/webcare-reminders", {});
    expect(pressed.status).toBe(200);
    expect(pressed.json.sent).toEqual([
      "preview of today's reminder sent to @Bob Baker by DM",
      "preview of the duty announcement posted in #general",
    ]);
    const dms = messagesIn(await s.state("U_BOB"), s.sandbox.fake.dmIdFor("U_BOB"));
    expect(dms).toHaveLength(dmsBefore + 1);
    expect(dms.at(-1)?.text).toMatch(/^Preview — not the scheduled post\./);
    expect(await lastIn("U_ALICE", "C_GENERAL")).toMatch(/^Preview — not the scheduled post\./);
  });

  it("Approval reminders still runs its job, and its toast has no ids", async () => {
    const pressed = await s.page("jobs/approval-reminders", {});
    expect(pressed.status).toBe(200);
    expect(JSON.stringify(pressed.json.sent)).not.toMatch(/U_[A-Z]+|C_[A-Z]+|T_SANDBOX/);
  });
});

describe("each pretend person's Slack language", () => {
  it("switches on the page, and the app answers in the new language at the next request", async () => {
    await type("U_CAROL", "/greenlight language");
    expect(await lastIn("U_CAROL", "C_GENERAL")).toMatch(/English/);

    const switched = await s.page("locale", { as: "U_ALICE", person: "U_CAROL", locale: "fr-FR" });
    expect(switched.json).toMatchObject({ ok: true, locale: "fr-FR" });
    const state = (await s.state("U_CAROL")) as unknown as {
      people: Array<{ id: string; locale: string }>;
    };
    expect(state.people.find((p) => p.id === "U_CAROL")?.locale).toBe("fr-FR");

    await type("U_CAROL", "/greenlight language");
    expect(await lastIn("U_CAROL", "C_GENERAL")).toMatch(/français/i);

    expect(
      (await s.page("locale", { as: "U_ALICE", person: "U_CAROL", locale: "de-DE" })).status,
    ).toBe(400);
  });
});
