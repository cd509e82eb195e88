import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import {
  ADMIN,
  ALICE,
  BOB,
  CAROL,
  command,
  fieldErrors,
  logFigures,
  logNext,
  withManager,
} from "./helpers.ts";
import { logBlockId, logRoundOf } from "../../../src/features/metrics/views.ts";

let h: Harness;
beforeEach(async () => {
  // Monday 23 November 2026, 11:00 in Amsterdam.
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
  await withManager(h);
});
afterEach(async () => {
  await h.close();
});

const entries = () => h.database.db.metricsEntry.findMany({ orderBy: { id: "asc" } });

describe("/metrics log", () => {
  it("after a save the modal stays open for the next platform of the same week", async () => {
    expect(
      (await logFigures(h, ALICE, "x", "2026-11-18", { reach: "100" })).viewError ?? null,
    ).toBeNull();
    const [view] = h.fake.openViews(ALICE);
    const text = JSON.stringify(view?.blocks);
    expect(text).toContain("Saved the *X* figures for the week of 16–22 Nov 2026");
    expect(text).toContain(`Already logged for 16–22 Nov 2026: X (<@${ALICE}>).`);
    expect(view?.close).toMatchObject({ text: "Done" });
    // The week is kept, the next platform not logged yet is chosen, the figures are empty.
    expect(text).toContain('"initial_date":"2026-11-16"');
    expect(text).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"LinkedIn"},"value":"linkedin"}',
    );
    expect(text).not.toContain('"initial_value"');

    // The next platform, without touching the week or the platform picked for us.
    const view2 = h.fake.openViews(ALICE)[0];
    if (!view2) throw new Error("modal closed");
    const round = logRoundOf(view2.private_metadata);
    expect(round).toBe(1);
    const second = await h.slack.submitView(ALICE, view2, { [logBlockId("reach", round)]: "250" });
    expect(second.viewError ?? null).toBeNull();
    await logNext(h, ALICE, "webcare", undefined, { satisfaction: "4" });
    expect(JSON.stringify(h.fake.openViews(ALICE)[0]?.blocks)).toContain(
      `Already logged for 16–22 Nov 2026: X (<@${ALICE}>), LinkedIn (<@${ALICE}>), Webcare (<@${ALICE}>).`,
    );
    expect(
      (await entries()).map((e) => [e.platform, e.weekStart, e.reach, e.satisfaction]),
    ).toEqual([
      ["x", "2026-11-16", 100, null],
      ["linkedin", "2026-11-16", 250, null],
      ["webcare", "2026-11-16", null, 4],
    ]);
    // A mistake in the second round is shown next to that round's field.
    const errors = fieldErrors(await logNext(h, ALICE, "x", undefined, { reach: "-1" }));
    expect(Object.keys(errors)).toEqual([logBlockId("reach", 3)]);
    expect(await entries()).toHaveLength(3);
  });

  it("opens a modal for the week just ended; any day picked is kept as its Monday", async () => {
    await command(h, ALICE, "/role", `assign <@${BOB}> analyst`);
    const response = await logFigures(h, BOB, "linkedin", "2026-11-19", {
      reach: "12000",
      impressions: "20000",
      engagements: "900",
      clicks: "300",
      conversions: "15",
      followersGained: "42",
    });
    expect(response.status).toBe(200);
    expect(response.viewError ?? null).toBeNull();
    // The modal stays open, for the next platform of the same week.
    expect(h.fake.openViews(BOB)).toHaveLength(1);

    const opened = JSON.stringify(h.fake.callsTo("views.open").at(-1)?.args.view);
    expect(opened).toContain('"initial_date":"2026-11-16"');

    expect(await entries()).toMatchObject([
      {
        teamId: h.fake.teamId,
        platform: "linkedin",
        weekStart: "2026-11-16",
        reach: 12000,
        impressions: 20000,
        engagements: 900,
        clicks: 300,
        conversions: 15,
        followersGained: 42,
        responseMinutes: null,
        satisfaction: null,
        loggedBy: BOB,
      },
    ]);
    const dm = h.fake.dmsTo(BOB).at(-1)?.text ?? "";
    expect(dm).toContain("Saved the *LinkedIn* figures for the week of 16–22 Nov 2026.");
    expect(dm).toContain("Reach: 12,000");
    const audit = await h.database.db.auditEntry.findMany({ where: { action: "metrics.logged" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: BOB, subjectType: "metrics" });
  });

  it("webcare takes the median response time and satisfaction", async () => {
    const response = await logFigures(h, ALICE, "webcare", "2026-11-16", {
      responseMinutes: "42",
      satisfaction: "4.5",
    });
    expect(response.viewError ?? null).toBeNull();
    expect(await entries()).toMatchObject([
      { platform: "webcare", responseMinutes: 42, satisfaction: 4.5, reach: null },
    ]);
    expect(h.fake.dmsTo(ALICE).at(-1)?.text).toContain("*Webcare* figures");
  });

  it.each([
    ["a negative number", "x", { reach: "-5" }, "metrics_reach", /whole number, 0 or more/],
    [
      "more clicks than impressions",
      "x",
      { impressions: "100", clicks: "101" },
      "metrics_clicks",
      /Clicks cannot be more than impressions/,
    ],
    [
      "more conversions than clicks",
      "instagram",
      { clicks: "10", conversions: "11" },
      "metrics_conversions",
      /Conversions cannot be more than clicks/,
    ],
    [
      "webcare figures on a platform",
      "facebook",
      { reach: "10", responseMinutes: "30" },
      "metrics_response",
      /Only for webcare/,
    ],
    [
      "platform figures on webcare",
      "webcare",
      { satisfaction: "4", impressions: "10" },
      "metrics_impressions",
      /Webcare takes response time and satisfaction only/,
    ],
    ["no figure at all", "tiktok", {}, "metrics_reach", /at least one figure/],
    [
      "a number too large to keep",
      "youtube",
      { reach: "99999999999" },
      "metrics_reach",
      /too large/,
    ],
  ])(
    "%s is refused next to the field and nothing is stored",
    async (_n, platform, values, block, message) => {
      const response = await logFigures(h, ALICE, platform, "2026-11-16", values);
      const errors = fieldErrors(response);
      expect(Object.keys(errors)).toEqual([block]);
      expect(errors[block]).toMatch(message);
      // Slack accepted the errors answer (they sit under input blocks) and the modal stays open.
      expect(response.viewError ?? null).toBeNull();
      expect(h.fake.openViews(ALICE)).toHaveLength(1);
      expect(await entries()).toHaveLength(0);
      expect(h.fake.dmsTo(ALICE)).toHaveLength(0);
    },
  );

  it("a week that has not started yet is refused", async () => {
    const response = await logFigures(h, ALICE, "x", "2026-11-30", { reach: "1" });
    expect(fieldErrors(response)).toEqual({ metrics_week: "That week has not started yet." });
    expect(await entries()).toHaveLength(0);
  });

  it("logging the same platform and week again replaces the figures, and says so", async () => {
    await command(h, ALICE, "/role", `assign <@${BOB}> analyst`);
    await logFigures(h, ALICE, "x", "2026-11-16", { reach: "100", impressions: "200" });
    const again = await logFigures(h, BOB, "x", "2026-11-20", { reach: "150" });
    expect(again.viewError ?? null).toBeNull();
    const rows = await entries();
    expect(rows).toHaveLength(1);
    // Replaced, not merged: the impressions left empty this time are gone.
    expect(rows[0]).toMatchObject({ reach: 150, impressions: null, loggedBy: BOB });
    expect(h.fake.dmsTo(BOB).at(-1)?.text).toContain(
      `Replaced the *X* figures for the week of 16–22 Nov 2026 (logged before by <@${ALICE}>)`,
    );
    const actions = await h.database.db.auditEntry.findMany({
      where: { subjectType: "metrics" },
      orderBy: { id: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["metrics.logged", "metrics.replaced"]);
    // Another week or platform is a row of its own.
    await logFigures(h, ALICE, "x", "2026-11-09", { reach: "90" });
    await logFigures(h, ALICE, "threads", "2026-11-16", { reach: "5" });
    expect(await entries()).toHaveLength(3);
  });

  it("only managers, analysts and workspace admins may log", async () => {
    await h.slack.command(BOB, "/metrics", "log");
    expect(h.fake.ephemeralsTo(BOB).at(-1)?.text).toMatch(
      /Only managers, analysts and workspace admins/,
    );
    expect(h.fake.callsTo("views.open")).toHaveLength(0);

    await command(h, ALICE, "/role", `assign <@${CAROL}> creator`);
    await h.slack.command(CAROL, "/metrics", "log");
    expect(h.fake.callsTo("views.open")).toHaveLength(0);

    const byAdmin = await logFigures(h, ADMIN, "mastodon", "2026-11-16", { reach: "7" });
    expect(byAdmin.viewError ?? null).toBeNull();
    expect(await entries()).toHaveLength(1);
  });

  it("a role taken away while the modal is open is checked again on submission", async () => {
    await command(h, ALICE, "/role", `assign <@${BOB}> analyst`);
    await h.slack.command(BOB, "/metrics", "log");
    const view = h.fake.lastView(BOB);
    if (!view) throw new Error("no modal");
    await command(h, ALICE, "/role", `unassign <@${BOB}> analyst`);
    const response = await h.slack.submitView(BOB, view, {
      metrics_platform: "x",
      metrics_week: "2026-11-16",
      metrics_reach: "10",
    });
    expect(fieldErrors(response).metrics_platform).toMatch(/Only managers, analysts/);
    expect(await entries()).toHaveLength(0);
  });

  it("a malformed call is answered with a usage line, privately", async () => {
    for (const text of ["", "logs", "log extra", "subscribe general"]) {
      expect(await command(h, BOB, "/metrics", text)).toMatch(/^Usage: \/metrics/);
    }
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });
});

describe("/metrics log when Slack does not open the modal", () => {
  it("an expired trigger is told to the person in their language; nothing is left half-done", async () => {
    h.fake.failNext("views.open", { error: "expired_trigger_id" });
    expect(await command(h, ALICE, "/metrics", "log")).toBe(
      "Sorry, the form could not open in time: Slack gives an app only a few seconds to open it. Please run `/metrics log` again.",
    );
    expect(h.fake.openViews(ALICE)).toHaveLength(0);

    h.fake.setLocale(CAROL, "fr-FR");
    await command(h, ALICE, "/role", `assign <@${CAROL}> analyst`);
    h.fake.failNext("views.open", { error: "expired_trigger_id" });
    expect(await command(h, CAROL, "/metrics", "log")).toMatch(
      /^Désolé, le formulaire n’a pas pu s’ouvrir à temps\u00a0: .* Veuillez relancer `\/metrics log`\.$/,
    );
    // A refusal of another kind names Slack's error; a rate limit asks to wait a moment.
    h.fake.failNext("views.open", { error: "view_too_large" });
    expect(await command(h, CAROL, "/metrics", "log")).toContain(
      "(réponse\u00a0: `view_too_large`)",
    );
    h.fake.failNext("views.open", { error: "ratelimited" });
    expect(await command(h, ALICE, "/metrics", "log")).toMatch(/in a moment\.$/);
    expect(await entries()).toHaveLength(0);
  });
});

describe("/metrics subscribe and unsubscribe", () => {
  const subscriptions = () => h.database.db.digestSubscription.findMany();

  it("the bot joins a public channel itself, and the channel is stored", async () => {
    expect(h.fake.channel("C_SOCIAL")?.members).not.toContain(h.fake.botUserId);
    expect(await command(h, ALICE, "/metrics", "subscribe <#C_SOCIAL|social>")).toMatch(
      /weekly digest will be posted in <#C_SOCIAL>/,
    );
    expect(h.fake.callsTo("conversations.join")).toHaveLength(1);
    expect(h.fake.channel("C_SOCIAL")?.members).toContain(h.fake.botUserId);
    const rows = await subscriptions();
    expect(rows).toMatchObject([{ channelId: "C_SOCIAL", createdBy: ALICE }]);
    expect(rows[0]?.subscribedAt.toISOString()).toBe("2026-11-23T10:00:00.000Z");

    expect(await command(h, ALICE, "/metrics", "subscribe <#C_SOCIAL>")).toMatch(
      /already receives the weekly digest/,
    );
    expect(await subscriptions()).toHaveLength(1);
    const audit = await h.database.db.auditEntry.findMany({
      where: { action: "digest.subscribed" },
    });
    expect(audit).toHaveLength(1);
  });

  it("a private channel: the bot asks to be invited and stores nothing until it is", async () => {
    expect(await command(h, ALICE, "/metrics", "subscribe <#G_PRIVATE|private>")).toMatch(
      /Invite me there with `\/invite @Greenlight`/,
    );
    expect(await subscriptions()).toHaveLength(0);

    h.fake.channel("G_PRIVATE")?.members.push(h.fake.botUserId);
    expect(await command(h, ALICE, "/metrics", "subscribe <#G_PRIVATE>")).toMatch(
      /will be posted in <#G_PRIVATE>/,
    );
    expect(await subscriptions()).toMatchObject([{ channelId: "G_PRIVATE" }]);
  });

  it("an unknown channel is refused and nothing is stored", async () => {
    expect(await command(h, ALICE, "/metrics", "subscribe <#C_NOPE>")).toMatch(/cannot see/);
    expect(await subscriptions()).toHaveLength(0);
  });

  it("only managers and workspace admins choose the channels", async () => {
    await command(h, ALICE, "/role", `assign <@${BOB}> analyst`);
    expect(await command(h, BOB, "/metrics", "subscribe <#C_GENERAL>")).toMatch(
      /Only a manager or a workspace admin/,
    );
    expect(h.fake.callsTo("conversations.join")).toHaveLength(0);
    expect(await command(h, ADMIN, "/metrics", "subscribe <#C_GENERAL>")).toMatch(/will be posted/);
    expect(await command(h, BOB, "/metrics", "unsubscribe <#C_GENERAL>")).toMatch(/Only a manager/);
    expect(await subscriptions()).toHaveLength(1);
  });

  it("unsubscribe removes the channel; a second time says nothing changed", async () => {
    await command(h, ALICE, "/metrics", "subscribe <#C_GENERAL>");
    expect(await command(h, ALICE, "/metrics", "unsubscribe <#C_GENERAL|general>")).toMatch(
      /will no longer receive/,
    );
    expect(await subscriptions()).toHaveLength(0);
    expect(await command(h, ALICE, "/metrics", "unsubscribe <#C_GENERAL>")).toMatch(
      /does not receive the weekly digest/,
    );
  });
});
