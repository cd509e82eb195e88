import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { holdersOf } from "../../../src/features/roles/store.ts";
import { NotInstalledError } from "../../../src/install/clients.ts";
import { Browser, startInstallHarness, type InstallHarness } from "../../support/installs.ts";

let h: InstallHarness;
beforeEach(async () => {
  h = await startInstallHarness();
});
afterEach(async () => {
  await h.close();
});

const db = () => h.app.database.db;

describe("installing Greenlight through Slack's OAuth", () => {
  it("installs two workspaces over HTTP: a page that says so, the installer is manager and welcomed", async () => {
    const a = await h.install(h.teamA, "UAANN");
    expect(a.status).toBe(200);
    expect(a.body).toContain("Greenlight is installed");
    expect(a.body).toContain("Agency A");
    const b = await h.install(h.teamB, "UBBEN");
    expect(b.status).toBe(200);
    expect(b.body).toContain("Brand B");

    expect(await holdersOf(db(), "TA0001", "manager")).toEqual(["UAANN"]);
    expect(await holdersOf(db(), "TB0002", "manager")).toEqual(["UBBEN"]);
    const welcomeA = h.teamA.dmsTo("UAANN");
    expect(welcomeA).toHaveLength(1);
    expect(welcomeA[0]?.text).toMatch(/first manager/);
    expect(JSON.stringify(welcomeA[0]?.blocks)).toContain("/role assign @someone approver");
    expect(h.teamB.dmsTo("UBBEN")).toHaveLength(1);
    expect(h.teamB.dmsTo("UBBEN")[0]?.text).toMatch(/first manager/);
    // Each code was exchanged once, at SLACK_API_URL.
    expect(h.grid.oauthCalls.filter((c) => c.grantType === "authorization_code")).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ]);
  });

  it("welcomes an installer whose Slack is in French in French", async () => {
    h.teamB.setLocale("UBBEN", "fr-FR");
    await h.install(h.teamB, "UBBEN");
    const [welcome] = h.teamB.dmsTo("UBBEN");
    expect(welcome?.text).toBe(
      "Greenlight est installé. Vous êtes le premier responsable de cet espace de travail.",
    );
    expect(JSON.stringify(welcome?.blocks)).toContain("Bienvenue dans Greenlight");
    expect(JSON.stringify(welcome?.blocks)).toContain("`/role assign @personne approbateur`");
    // Read once at install: the person's next answers need no users.info.
    expect(h.teamB.callsTo("users.info").filter((c) => c.args.user === "UBBEN")).toHaveLength(1);
  });

  it("each team's calls carry its own token, and a second workspace sees none of the first's data", async () => {
    await h.install(h.teamA, "UAANN");
    await h.install(h.teamB, "UBBEN");
    await h.slackA.command("UAANN", "/role", "assign <@UABEN> approver", {
      channelId: "CAGENERAL",
    });
    const listB = await h.slackB.command("UBBEN", "/role", "list", { channelId: "CBGENERAL" });
    expect(listB.status).toBe(200);
    const seenByB = JSON.stringify(h.teamB.ephemeralsTo("UBBEN")) + listB.body;
    expect(seenByB).toContain("UBBEN");
    expect(seenByB).not.toContain("UABEN");
    expect(seenByB).not.toContain("UAANN");
    expect(await holdersOf(db(), "TB0002", "approver")).toEqual([]);

    // Every Web API call acted in the workspace whose token it carried.
    expect(h.grid.routedCalls.length).toBeGreaterThan(2);
    for (const call of h.grid.routedCalls) expect(call.tokenOwner).toBe(call.teamId);
    // And slackFor gives each team its own client, which Slack accepts for that team only.
    const clientA = await h.app.built.deps.slackFor("TA0001");
    const clientB = await h.app.built.deps.slackFor("TB0002");
    expect(clientA.token).not.toBe(clientB.token);
    expect((await clientA.auth.test()).team_id).toBe("TA0001");
    expect((await clientB.auth.test()).team_id).toBe("TB0002");
  });

  it("a forged state is refused, and so is a replayed callback, each with a page that says what to do", async () => {
    // Forged: a state this app never issued, even with a matching cookie.
    const forger = new Browser();
    forger.setCookie(h.appUrl, "slack-app-oauth-state=forged.state");
    const forged = await forger.get(`${h.appUrl}/slack/oauth_redirect?code=abc&state=forged.state`);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain("expired or was already used");

    // Replayed: the same callback, with the cookie the browser had, a second time.
    const browser = new Browser({ [h.grid.url]: h.grid.sessionCookie("TA0001", "UAANN") });
    const started = await browser.get(`${h.appUrl}/slack/install`);
    const stateCookie = browser.cookieHeader(h.appUrl);
    expect(stateCookie).toMatch(/slack-app-oauth-state=/);
    const authorized = await browser.get(started.location as string);
    const first = await browser.get(authorized.location as string);
    expect(first.status).toBe(200);
    const attacker = new Browser();
    attacker.setCookie(h.appUrl, stateCookie);
    const replay = await attacker.get(authorized.location as string);
    expect(replay.status).toBe(400);
    expect(replay.body).toContain("expired or was already used");
    // The replay never reached Slack: one code exchange in all.
    expect(h.grid.oauthCalls.filter((c) => c.grantType === "authorization_code")).toHaveLength(1);
    expect(h.teamA.dmsTo("UAANN")).toHaveLength(1);
  });

  it("a callback without the browser's state cookie is refused (a link sent to someone else)", async () => {
    const browser = new Browser({ [h.grid.url]: h.grid.sessionCookie("TA0001", "UAANN") });
    const started = await browser.get(`${h.appUrl}/slack/install`);
    const authorized = await browser.get(started.location as string);
    const victim = new Browser();
    const page = await victim.get(authorized.location as string);
    expect(page.status).toBe(400);
    expect(await holdersOf(db(), "TA0001", "manager")).toEqual([]);
  });

  it("a cancelled install says nothing was installed", async () => {
    const browser = new Browser();
    const started = await browser.get(`${h.appUrl}/slack/install`);
    const state = new URL(started.location as string).searchParams.get("state") as string;
    const page = await browser.get(
      `${h.appUrl}/slack/oauth_redirect?error=access_denied&state=${encodeURIComponent(state)}`,
    );
    expect(page.body).toContain("cancelled");
    await expect(h.app.built.deps.slackFor("TA0001")).rejects.toBeInstanceOf(NotInstalledError);
  });

  it("stores no token in clear, and no token reaches a log", async () => {
    await h.install(h.teamA, "UAANN");
    await h.install(h.teamB, "UBBEN");
    await h.slackA.command("UAANN", "/role", "list", { channelId: "CAGENERAL" });
    const tokens = [...h.grid.tokensOf("TA0001"), ...h.grid.tokensOf("TB0002")];
    expect(tokens).toHaveLength(2);
    const rows = await db().installation.findMany();
    expect(rows).toHaveLength(2);
    const stored = JSON.stringify(rows);
    for (const token of tokens) expect(stored).not.toContain(token);
    expect(stored).not.toMatch(/xox[a-z]-/);
    // Decrypted for use, all the same.
    expect((await h.app.built.deps.slackFor("TA0001")).token).toBe(h.grid.tokensOf("TA0001")[0]);
    expect(h.logs.length).toBeGreaterThan(0);
    expect(h.logs.join("\n")).not.toMatch(/xox[be]-[A-Za-z0-9]/);
  });
});
