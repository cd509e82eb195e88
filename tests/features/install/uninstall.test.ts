import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli.ts";
import { holdersOf } from "../../../src/features/roles/store.ts";
import { runWebcareReminders } from "../../../src/features/webcare/reminders.ts";
import { NotInstalledError } from "../../../src/install/clients.ts";
import { TEAM_TABLES } from "../../../src/install/purge.ts";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  ENCRYPTION_KEY,
  STATE_SECRET,
  startInstallHarness,
  type InstallHarness,
} from "../../support/installs.ts";
import { SIGNING_SECRET } from "../../support/harness.ts";

let h: InstallHarness;
beforeEach(async () => {
  h = await startInstallHarness({ now: "2026-11-23T07:00:00Z" });
  await h.install(h.teamA, "UAANN");
  await h.install(h.teamB, "UBBEN");
  // Both teams: a rotation at 09:00 Paris time announced in their channel.
  for (const [sim, letter] of [
    [h.slackA, "A"],
    [h.slackB, "B"],
  ] as const) {
    const response = await sim.command(
      `U${letter}${letter === "A" ? "ANN" : "BEN"}`,
      "/webcare",
      `rotation <@U${letter}BEN> <@U${letter}CID> at 09:00 in <#C${letter}GENERAL>`,
      { channelId: `C${letter}GENERAL` },
    );
    expect(response.status).toBe(200);
  }
});
afterEach(async () => {
  await h.close();
});

const db = () => h.app.database.db;
const deps = () => h.app.built.deps;

async function uninstallA(event: "app_uninstalled" | "tokens_revoked"): Promise<void> {
  h.grid.revokeTokens("TA0001");
  const body =
    event === "app_uninstalled"
      ? { type: "app_uninstalled" }
      : { type: "tokens_revoked", tokens: { oauth: [], bot: ["UABOT"] } };
  const response = await h.slackA.event(body);
  expect(response.status).toBe(200);
}

function cliEnv(): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: h.testDb.url,
    SLACK_API_URL: h.grid.apiUrl,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    GREENLIGHT_ENCRYPTION_KEY: ENCRYPTION_KEY,
  };
}

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, cliEnv(), {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

describe("uninstalling", () => {
  for (const event of ["app_uninstalled", "tokens_revoked"] as const) {
    it(`${event}: the installation is deleted at once and nothing more is sent to that team`, async () => {
      await uninstallA(event);
      expect(await db().installation.findUnique({ where: { id: "TA0001" } })).toBeNull();
      await expect(deps().slackFor("TA0001")).rejects.toBeInstanceOf(NotInstalledError);
      const callsToA = h.grid.routedCalls.filter((c) => c.teamId === "TA0001").length;

      // The hand-over: team B gets its reminder, team A nothing, not even an attempt.
      const sent = await runWebcareReminders(deps(), new Date("2026-11-23T09:01:00Z"));
      expect(sent.some((line) => line.includes("TB0002"))).toBe(true);
      expect(sent.some((line) => line.includes("TA0001"))).toBe(false);
      expect(h.teamB.dmsTo("UBBEN").length).toBeGreaterThan(0);
      expect(h.grid.routedCalls.filter((c) => c.teamId === "TA0001")).toHaveLength(callsToA);
      // Data kept for now.
      expect(await holdersOf(db(), "TA0001", "manager")).toEqual(["UAANN"]);
    });
  }

  it("a reinstall within 30 days finds roles and rotation; the installer is not made a second manager", async () => {
    await h.slackA.command("UAANN", "/role", "assign <@UABEN> approver", {
      channelId: "CAGENERAL",
    });
    await uninstallA("app_uninstalled");
    h.clock.set("2026-12-10T07:00:00Z");
    const purge = await cli(["jobs", "run", "purge-uninstalled", "--at", "2026-12-10T07:00:00Z"]);
    expect(purge.code).toBe(0);
    expect(purge.out.join("\n")).toContain("nothing due");

    const page = await h.install(h.teamA, "UACID");
    expect(page.status).toBe(200);
    expect(await holdersOf(db(), "TA0001", "manager")).toEqual(["UAANN"]);
    expect(await holdersOf(db(), "TA0001", "approver")).toEqual(["UABEN"]);
    expect((await db().team.findUnique({ where: { id: "TA0001" } }))?.uninstalledAt).toBeNull();
    const sent = await runWebcareReminders(deps(), new Date("2026-12-10T09:01:00Z"));
    expect(sent.some((line) => line.includes("TA0001"))).toBe(true);
  });

  it("30 days after, `jobs run purge-uninstalled --at` deletes the team's data, once; the other team keeps its own", async () => {
    await h.slackA.command("UAANN", "/role", "assign <@UABEN> approver", {
      channelId: "CAGENERAL",
    });
    await uninstallA("app_uninstalled");
    const early = await cli(["jobs", "run", "purge-uninstalled", "--at", "2026-12-22T06:59:00Z"]);
    expect(early.out.join("\n")).toContain("nothing due");
    expect(await holdersOf(db(), "TA0001", "manager")).toEqual(["UAANN"]);

    const purge = await cli(["jobs", "run", "purge-uninstalled", "--at", "2026-12-23T07:01:00Z"]);
    expect(purge.code).toBe(0);
    expect(purge.out.join("\n")).toMatch(/purged TA0001/);
    expect(await db().team.findUnique({ where: { id: "TA0001" } })).toBeNull();
    expect(await db().roleAssignment.count({ where: { teamId: "TA0001" } })).toBe(0);
    expect(await db().webcareRotation.count({ where: { teamId: "TA0001" } })).toBe(0);
    expect(await db().auditEntry.count({ where: { teamId: "TA0001" } })).toBe(0);
    expect(await db().jobRun.count({ where: { scope: { startsWith: "TA0001" } } })).toBe(0);
    // Team B untouched.
    expect(await holdersOf(db(), "TB0002", "manager")).toEqual(["UBBEN"]);
    expect(await db().webcareRotation.count({ where: { teamId: "TB0002" } })).toBe(1);

    const again = await cli(["jobs", "run", "purge-uninstalled", "--at", "2026-12-24T07:00:00Z"]);
    expect(again.out.join("\n")).toContain("nothing due");
  });

  it("the purge knows every table that holds a team's data", () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
      .filter(([, , body]) => /^\s+teamId\s/m.test(body ?? ""))
      .map(([, name]) => (name as string).charAt(0).toLowerCase() + (name as string).slice(1));
    expect(models.length).toBeGreaterThan(5);
    expect([...TEAM_TABLES].sort()).toEqual(models.filter((m) => m !== "installation").sort());
  });
});

describe("token rotation", () => {
  it("refreshes a token before it expires, once, with two replicas; the new token works", async () => {
    await h.close();
    // Bolt stamps expiry with the real clock: start the test clock there.
    h = await startInstallHarness({ tokenRotation: true, now: new Date().toISOString() });
    await h.install(h.teamA, "UAANN");
    const replica = await h.startReplica();
    const first = (await h.app.built.deps.slackFor("TA0001")).token;
    expect(first).toMatch(/^xoxe\.xoxb-/);
    // 10 hours later, 2 hours before expiry: both replicas need the client at once.
    h.clock.advance(10 * 60 * 60_000);
    const [a, b] = await Promise.all([
      h.app.built.deps.slackFor("TA0001"),
      replica.built.deps.slackFor("TA0001"),
    ]);
    const refreshes = h.grid.oauthCalls.filter((c) => c.grantType === "refresh_token");
    expect(refreshes).toEqual([expect.objectContaining({ ok: true })]);
    const refreshed = (await h.app.built.deps.slackFor("TA0001")).token;
    expect(refreshed).not.toBe(first);
    expect((await (await replica.built.deps.slackFor("TA0001")).auth.test()).team_id).toBe(
      "TA0001",
    );
    // The replica that lost the claim kept serving with a valid token meanwhile.
    for (const client of [a, b]) expect([first, refreshed]).toContain(client.token);
    const stored = JSON.stringify(await db().installation.findMany());
    for (const token of h.grid.tokensOf("TA0001")) expect(stored).not.toContain(token);
    expect(h.logs.join("\n")).not.toMatch(/xox[be]-[A-Za-z0-9]/);
  });
});
