import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ImageBlock } from "@slack/types";
import { startHarness, type Harness } from "../../support/harness.ts";
import { weeklyDigestJob } from "../../../src/features/metrics/digest-job.ts";
import { logBlockId } from "../../../src/features/metrics/views.ts";
import {
  ALICE,
  command,
  digestLine,
  digestRow,
  fieldErrors,
  headerOf,
  logFigures,
} from "./helpers.ts";

// Dave's Slack is in French: he is the team's first user (Europe/Paris) and
// its first manager, so the team's channel posts are in French too. Alice
// reads English in the same team.
const DAVE = "U_DAVE";
const NNBSP = "\u202f";
const NBSP = "\u00a0";
const MINUS = "\u2212";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-09T10:00:00Z" });
  h.fake.setLocale(DAVE, "fr-FR");
  await command(h, DAVE, "/role", `assign <@${DAVE}> manager`);
});
afterEach(async () => {
  await h.close();
});

const entries = () => h.database.db.metricsEntry.findMany({ orderBy: { id: "asc" } });
const run = (at: string) => weeklyDigestJob.run(h.app.built.deps, new Date(at));

describe("the log modal in French", () => {
  it("reads 12 345, 3,5 and −120, answers bad values in French, and says what was saved in French", async () => {
    h.clock.set("2026-11-23T09:00:00Z");
    const opened = await h.slack.command(DAVE, "/metrics", "log");
    expect(opened.status).toBe(200);
    const view = h.fake.lastView(DAVE);
    if (!view) throw new Error("no modal");
    const shown = JSON.stringify(view);
    expect(view.title).toMatchObject({ text: "Chiffres de la semaine" });
    expect(view.submit).toMatchObject({ text: "Enregistrer" });
    expect(shown).toContain('"text":"Abonnés gagnés"');
    expect(shown).toContain(
      '"placeholder":{"type":"plain_text","text":"ex. 42, ou −120 en cas de baisse"}',
    );
    expect(shown).toContain(`"text":"ex. 12${NNBSP}345"`);

    // Bad values: each answered next to its field, in French; nothing is stored.
    const bad = fieldErrors(
      await h.slack.submitView(DAVE, view, {
        [logBlockId("platform", 0)]: "linkedin",
        [logBlockId("week", 0)]: "2026-11-18",
        [logBlockId("reach", 0)]: "12,5",
        [logBlockId("followersGained", 0)]: "beaucoup",
      }),
    );
    expect(bad).toEqual({
      [logBlockId("reach", 0)]: `Un nombre entier, 0 ou plus (ex. 12345 ou 12${NNBSP}345).`,
      [logBlockId("followersGained", 0)]:
        "Un nombre entier, négatif en cas de baisse (ex. 42 ou −120).",
    });
    expect(await entries()).toHaveLength(0);

    const saved = await h.slack.submitView(DAVE, view, {
      [logBlockId("platform", 0)]: "linkedin",
      [logBlockId("week", 0)]: "2026-11-18",
      [logBlockId("reach", 0)]: "12 345",
      [logBlockId("impressions", 0)]: `20${NNBSP}000`,
      [logBlockId("followersGained", 0)]: "-120",
    });
    expect(saved.viewError ?? null).toBeNull();
    const next = h.fake.lastView(DAVE);
    expect(next?.submit).toMatchObject({ text: "Enregistrer et suivant" });
    expect(next?.close).toMatchObject({ text: "Terminé" });
    expect(JSON.stringify(next?.blocks)).toContain(
      "✅ Chiffres *LinkedIn* enregistrés pour la semaine du 16–22 nov. 2026.",
    );
    expect(h.fake.dmsTo(DAVE).at(-1)?.text).toBe(
      `Chiffres *LinkedIn* enregistrés pour la semaine du 16–22 nov. 2026.\nPortée${NBSP}: 12${NNBSP}345 · Impressions${NBSP}: 20${NNBSP}000 · Abonnés gagnés${NBSP}: ${MINUS}120`,
    );

    // The next platform of the same week: webcare, with a French decimal.
    const webcare = await logFigures(h, DAVE, "webcare", "2026-11-18", {
      satisfaction: "3,5",
      responseMinutes: "45",
    });
    expect(webcare.viewError ?? null).toBeNull();
    expect(
      (await entries()).map((e) => [
        e.platform,
        e.reach,
        e.impressions,
        e.followersGained,
        e.satisfaction,
      ]),
    ).toEqual([
      ["linkedin", 12345, 20000, -120, null],
      ["webcare", null, null, null, 3.5],
    ]);
  });

  it("an English speaker in the same team still gets the English modal and answers", async () => {
    await command(h, DAVE, "/role", `assign <@${ALICE}> analyst`);
    h.clock.set("2026-11-23T09:00:00Z");
    await h.slack.command(ALICE, "/metrics", "log");
    expect(h.fake.lastView(ALICE)?.title).toMatchObject({ text: "Log weekly figures" });
    const saved = await logFigures(h, ALICE, "x", "2026-11-18", {
      reach: "12,345",
      followersGained: "-120",
    });
    expect(saved.viewError ?? null).toBeNull();
    expect(h.fake.dmsTo(ALICE).at(-1)?.text).toBe(
      `Saved the *X* figures for the week of 16–22 Nov 2026.\nReach: 12,345 · Followers gained: ${MINUS}120`,
    );
    expect(await command(h, ALICE, "/metrics", "dance")).toMatch(/^Usage: \/metrics log/);
    expect(await command(h, DAVE, "/metrics", "dance")).toMatch(
      new RegExp(`^Utilisation${NBSP}: /metrics log`),
    );
  });
});

describe("the weekly digest in a French team's channel", () => {
  async function aFrenchWeek(): Promise<void> {
    // Weekdays only: Saturday and Sunday are closed, not uncovered.
    await h.slack.command(DAVE, "/webcare", `rotation <@${DAVE}> <@${ALICE}> weekdays`);
    expect(await command(h, DAVE, "/metrics", "subscribe <#C_GENERAL>")).toMatch(
      /^Le bilan hebdomadaire sera publié dans <#C_GENERAL>/,
    );
    expect(await command(h, DAVE, "/metrics", "goal linkedin engagement-rate 3,5 %")).toBe(
      `Objectif fixé pour *LinkedIn*${NBSP}: taux d’engagement au moins 3,5${NNBSP}% par semaine. Le bilan hebdomadaire indiquera s’il est atteint.`,
    );
    await command(h, DAVE, "/metrics", "goal linkedin followers 10");
    h.clock.set("2026-11-23T07:00:00Z");
    const week = { impressions: "20 000", clicks: "400" };
    await logFigures(h, DAVE, "linkedin", "2026-11-11", {
      ...week,
      reach: "10 000",
      engagements: "600",
      followersGained: "50",
    });
    await logFigures(h, DAVE, "linkedin", "2026-11-18", {
      ...week,
      reach: "12 500",
      engagements: "700",
      followersGained: "-120",
    });
    await logFigures(h, DAVE, "webcare", "2026-11-18", {
      satisfaction: "3,5",
      responseMinutes: "45",
    });
  }

  it("French weekdays, narrow no-break spaces before %, numbers grouped the French way, a real minus", async () => {
    await aFrenchWeek();
    // Monday 09:00 in Paris.
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(1);
    const [message] = h.fake.messagesIn("C_GENERAL");
    const blocks = message?.blocks;
    expect(headerOf(blocks)).toBe("Bilan hebdomadaire · 16–22 nov. 2026");
    expect(digestRow(blocks, "LinkedIn")).toEqual({
      Plateforme: "LinkedIn",
      Portée: `12${NNBSP}500 ▲ 25,0${NNBSP}%`,
      Impressions: `20${NNBSP}000 =`,
      Engagements: `700 ▲ 16,7${NNBSP}%`,
      Clics: "400 =",
      Conversions: "pas de données",
      // A drop: the real minus sign, never "+−", and the fall against last week's 50.
      Abonnés: `${MINUS}120 ▼ 340,0${NNBSP}%`,
      "Tx d’engag.": `3,5${NNBSP}% ▲ 0,5${NBSP}pt`,
      "Tx de clics": `2,0${NNBSP}% =`,
      "Tx de conv.": "pas de données",
    });
    expect(digestLine(blocks, "*Objectifs*")).toBe(
      [
        "*Objectifs*",
        `❌ *LinkedIn* abonnés gagnés${NBSP}: ${MINUS}120 (objectif au moins 10) — manqué`,
        `✅ *LinkedIn* taux d’engagement${NBSP}: 3,5${NNBSP}% (objectif au moins 3,5${NNBSP}%) — atteint`,
      ].join("\n"),
    );
    expect(JSON.stringify(blocks)).toContain(
      `*1 objectif atteint sur 2*  ·  ▲ LinkedIn portée +25${NNBSP}%`,
    );
    // The weekend of a weekdays rotation is closed, named in French, and not counted as uncovered.
    expect(digestLine(blocks, "*Webcare*")).toBe(
      `*Webcare*  jours couverts 5 sur 5 (fermé samedi et dimanche) · première réponse médiane 45${NBSP}min · satisfaction 3,5${NBSP}/${NBSP}5 nouveau`,
    );
    expect(digestLine(blocks, "*Circuit de validation*")).toContain("0 proposition · 0 approuvée");
    // The chart: French titles and alt text.
    const image = blocks?.find((b) => (b as { type: string }).type === "image") as
      ImageBlock | undefined;
    expect(image?.title?.text).toBe(
      `8 dernières semaines${NBSP}: taux d’engagement et portée par plateforme`,
    );
    expect(image?.alt_text).toMatch(
      new RegExp(`^Taux d’engagement, semaines du 28 sept\\. au 16 nov\\.${NBSP}: LinkedIn `),
    );
    expect(image?.alt_text).toContain(`3,0${NNBSP}%, 3,5${NNBSP}%.`);
    expect(image?.alt_text).toContain(`10${NNBSP}000, 12${NNBSP}500.`);
    expect(message?.text).toMatch(new RegExp(`^Bilan hebdomadaire 16–22 nov\\. 2026${NBSP}: `));
    expect(message?.text).toContain("webcare assuré 5 jours sur 5");
    const all = JSON.stringify(message);
    expect(all).not.toMatch(/NaN|Infinity|undefined|\+\u2212|\+-/);
    expect(all).not.toMatch(/ %/); // never an ordinary space before %
  });

  it("/metrics digest: a private preview in the reader's language, chart included", async () => {
    await aFrenchWeek();
    h.clock.set("2026-11-23T10:00:00Z");
    await h.slack.command(DAVE, "/metrics", "digest");
    const french = h.fake.ephemeralsTo(DAVE).at(-1);
    expect(headerOf(french?.blocks)).toBe("Bilan hebdomadaire · 16–22 nov. 2026");
    expect(french?.blocks?.some((b) => (b as { type: string }).type === "image")).toBe(true);

    await command(h, DAVE, "/role", `assign <@${ALICE}> analyst`);
    await h.slack.command(ALICE, "/metrics", "digest");
    const english = h.fake.ephemeralsTo(ALICE).at(-1);
    expect(headerOf(english?.blocks)).toBe("Weekly digest · 16–22 Nov 2026");
    expect(digestRow(english?.blocks, "LinkedIn").Followers).toBe(`${MINUS}120 ▼ 340.0%`);
    expect(digestLine(english?.blocks, "*Webcare*")).toContain(
      "days covered 5 of 5 (closed Saturday and Sunday)",
    );
    const image = english?.blocks?.find((b) => (b as { type: string }).type === "image") as
      ImageBlock | undefined;
    expect(image?.alt_text).toMatch(/^Engagement rate, weeks of 28 Sep to 16 Nov: LinkedIn /);
    // A preview posts nothing and claims nothing.
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(0);
    expect(await h.database.db.jobRun.count()).toBe(0);
  });

  it("a preview with nothing to draw says why it has no chart", async () => {
    h.clock.set("2026-11-23T10:00:00Z");
    await h.slack.command(DAVE, "/metrics", "digest");
    const reply = h.fake.ephemeralsTo(DAVE).at(-1);
    expect(JSON.stringify(reply?.blocks)).toContain(
      `Pas de graphique dans cet aperçu${NBSP}: aucune plateforme n’a de chiffres sur les 8 dernières semaines.`,
    );
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(0);
  });
});
