import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findInstallationForTeam } from "../../../src/install/store.ts";
import { startInstallHarness, type InstallHarness } from "../../support/installs.ts";

/**
 * Enterprise Grid: an organisation-wide install (oauth.v2.access answers
 * `is_enterprise_install: true`, no team) is stored under the organisation's
 * id and serves every workspace of the organisation: requests from any of
 * them, and work outside a request, use the organisation's token.
 */
const ORG = "E0ORG1";
let h: InstallHarness;
beforeEach(async () => {
  h = await startInstallHarness({ enterpriseId: ORG, now: "2026-11-23T07:00:00Z" });
});
afterEach(async () => {
  await h.close();
});

describe("an organisation-wide install (Enterprise Grid)", () => {
  it("is stored under the organisation and serves a team of that org with the org token", async () => {
    const page = await h.install(h.teamA, "UAANN", { orgWide: true });
    expect(page.status).toBe(200);
    const row = await h.app.database.db.installation.findUnique({ where: { id: ORG } });
    expect(row).toMatchObject({ isEnterpriseInstall: true, enterpriseId: ORG, teamId: null });
    // No workspace install of its own: team B is served through its organisation.
    expect(await h.app.database.db.installation.findUnique({ where: { id: "TB0002" } })).toBeNull();

    // A command from team B: authorized by the org install, answered with the org token.
    const before = h.grid.routedCalls.length;
    const response = await h.slackB.command("UBBEN", "/role", "list", {
      channelId: "CBGENERAL",
    });
    expect(response.status).toBe(200);
    const calls = h.grid.routedCalls.slice(before).filter((c) => c.teamId === "TB0002");
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.tokenOwner))).toEqual(new Set([ORG]));

    // Found by the organisation's id for a team of that org (the request recorded it)…
    expect((await findInstallationForTeam(h.app.database.db, "TB0002"))?.id).toBe(ORG);
    // …so work outside a request (scheduled jobs) reaches team B with the org token too.
    const client = await h.app.built.deps.slackFor("TB0002");
    expect((await client.auth.test()).team_id).toBe("TB0002");
    const last = h.grid.routedCalls.at(-1);
    expect(last).toMatchObject({ method: "auth.test", teamId: "TB0002", tokenOwner: ORG });
  });

  it("an event from a team of that org uses the org token", async () => {
    await h.install(h.teamA, "UAANN", { orgWide: true });
    const before = h.grid.routedCalls.length;
    const response = await h.slackB.event({ type: "app_home_opened", user: "UBBEN", tab: "home" });
    expect(response.status).toBe(200);
    const calls = h.grid.routedCalls.slice(before).filter((c) => c.teamId === "TB0002");
    expect(calls.map((c) => c.method)).toContain("views.publish");
    expect(new Set(calls.map((c) => c.tokenOwner))).toEqual(new Set([ORG]));
  });
});
