import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const base = () => `http://127.0.0.1:${h.app.port}`;

describe("the HTTP surface", () => {
  it("GET /healthz really asks the database", async () => {
    const ok = await fetch(`${base()}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    await h.database.db.$disconnect();
    // A closed client reconnects on demand; a dropped database does not answer.
    await h.testDb.drop();
    const down = await fetch(`${base()}/healthz`);
    expect(down.status).toBe(503);
  });

  it("refuses a bad signature, a stale timestamp and a future timestamp with 401, doing nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const badSignature = await h.slack.command("U_ALICE", "/role", `assign <@U_ALICE> manager`, {
      signature: "v0=deadbeef",
    });
    const stale = await h.slack.command("U_ALICE", "/role", `assign <@U_ALICE> manager`, {
      timestamp: now - 10 * 60,
    });
    const future = await h.slack.command("U_ALICE", "/role", `assign <@U_ALICE> manager`, {
      timestamp: now + 10 * 60,
    });
    expect([badSignature.status, stale.status, future.status]).toEqual([401, 401, 401]);
    expect(await h.database.db.roleAssignment.count()).toBe(0);
    expect(h.fake.ephemeralsTo("U_ALICE")).toHaveLength(0);
  });

  it("creates the team on first contact with the first person's timezone", async () => {
    await h.slack.command("U_ALICE", "/role", "list");
    const team = await h.database.db.team.findUniqueOrThrow({ where: { id: h.fake.teamId } });
    const alice = h.fake.users.find((user) => user.id === "U_ALICE");
    expect(team.timezone).toBe(alice?.tz);
    expect(team.timezoneSource).toBe("first_user");
  });

  it("/greenlight help lists every command privately", async () => {
    await h.slack.command("U_BOB", "/greenlight", "help");
    const help = h.fake.ephemeralsTo("U_BOB").at(-1);
    // Bob is new to this process: his language is read after the ack, so help goes through response_url.
    expect(help?.via).toBe("response_url");
    const reply = JSON.stringify(help);
    for (const command of [
      "/propose",
      "/role",
      "/calendar",
      "/webcare",
      "/metrics",
      "/greenlight settings",
    ]) {
      expect(reply).toContain(command);
    }
    await h.slack.command("U_BOB", "/greenlight", "sing");
    expect(h.fake.ephemeralsTo("U_BOB").at(-1)?.text).toMatch(/^Usage: \/greenlight/);
  });
});

describe("/greenlight settings", () => {
  it("is for managers only", async () => {
    await h.slack.command("U_ALICE", "/role", "assign <@U_ALICE> manager");
    await h.slack.command("U_BOB", "/greenlight", "settings");
    expect(h.fake.ephemeralsTo("U_BOB").at(-1)?.text).toMatch(/Only a manager/);
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
  });

  it("validates the timezone next to the field and saves a valid one", async () => {
    await h.slack.command("U_ALICE", "/role", "assign <@U_ALICE> manager");
    await h.slack.command("U_ALICE", "/greenlight", "settings");
    const view = h.fake.lastView("U_ALICE");
    if (!view) throw new Error("no modal opened");
    const bad = await h.slack.submitView("U_ALICE", view, {
      timezone: "Mars/Olympus",
      digest_day: "5",
      digest_time: "16:30",
    });
    expect(bad.json).toMatchObject({
      response_action: "errors",
      errors: { timezone: expect.stringMatching(/Mars/) },
    });
    const before = await h.database.db.team.findUniqueOrThrow({ where: { id: h.fake.teamId } });
    expect(before.digestDay).toBe(1);

    const good = await h.slack.submitView("U_ALICE", view, {
      timezone: "america/new_york",
      digest_day: "5",
      digest_time: "16:30",
    });
    expect(good.status).toBe(200);
    const after = await h.database.db.team.findUniqueOrThrow({ where: { id: h.fake.teamId } });
    expect(after).toMatchObject({
      timezone: "America/New_York",
      digestDay: 5,
      digestTime: "16:30",
      timezoneSource: "manager",
    });
    expect(await h.database.db.auditEntry.count({ where: { action: "settings.changed" } })).toBe(1);
  });
});
