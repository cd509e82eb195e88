import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webcareRemindersJob } from "../../../src/features/webcare/reminders.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import {
  ALICE,
  BOB,
  depsOf,
  dmTexts,
  teamWithManager,
  teamWithRotation,
  webcareReply,
} from "./support.ts";

/**
 * Webcare in both languages, over HTTP as Slack sends it: Dave's Slack is in
 * French, everyone else's in English; the team's channel posts follow the
 * team's language.
 */
const DAVE = "U_DAVE";
const TAKE = "webcare_take_cover";
const SPACE = "[\\u00a0\\u202f]"; // French typography: a non-breaking space before « : »

let h: Harness;
beforeEach(async () => {
  // Monday 23 November 2026, 10:00 UTC.
  h = await startHarness({ now: "2026-11-23T10:00:00Z" });
  h.fake.setLocale(DAVE, "fr-FR");
});
afterEach(async () => {
  await h.close();
});

const webcare = (userId: string, text: string) => webcareReply(h, userId, text);

async function teamSpeaks(language: "en" | "fr"): Promise<void> {
  await h.database.db.team.update({
    where: { id: h.fake.teamId },
    data: { language, languageSource: "manager" },
  });
}

describe("the daily reminder and the announcement", () => {
  it("DMs each person in their own language and announces in the team's", async () => {
    await teamWithRotation(h, {
      teamId: h.fake.teamId,
      timezone: "Europe/Paris",
      startDate: "2026-11-23",
      members: [DAVE, BOB],
      channelId: "C_GENERAL",
    });
    await teamSpeaks("fr");
    const run = (at: string) => webcareRemindersJob.run(depsOf(h), new Date(at));

    // Monday, 09:00 in Paris: Dave's day.
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    const [daveDm] = dmTexts(h, DAVE);
    expect(daveDm).toMatch(
      /^Vous êtes de permanence webcare aujourd’hui, lundi 23 novembre à partir de 09:00/,
    );
    expect(daveDm).toMatch(
      new RegExp(`Précédemment${SPACE}: personne · demain${SPACE}: <@${BOB}>`),
    );
    expect(JSON.stringify(h.fake.dmsTo(DAVE)[0]?.blocks)).toContain("Demander un remplacement");
    const [announcement] = h.fake.messagesIn("C_GENERAL");
    expect(String(announcement?.text)).toMatch(
      new RegExp(
        `^Permanence webcare aujourd’hui, lundi 23 novembre à partir de 09:00${SPACE}: <@${DAVE}>\\.$`,
      ),
    );

    // Tuesday: Bob's day, in English; the channel stays in French.
    expect(await run("2026-11-24T08:00:00Z")).toHaveLength(2);
    const [bobDm] = dmTexts(h, BOB);
    expect(bobDm).toMatch(/^You are on webcare duty today, Tuesday 24 November from 09:00/);
    expect(bobDm).toContain(`Handed over by <@${DAVE}> · tomorrow: <@${DAVE}>`);
    expect(JSON.stringify(h.fake.dmsTo(BOB)[0]?.blocks)).toContain("Ask for cover");
    expect(String(h.fake.messagesIn("C_GENERAL")[1]?.text)).toMatch(
      /^Permanence webcare aujourd’hui, mardi 24 novembre/,
    );
  });

  it("an English team announces in English, whatever the person on duty speaks", async () => {
    await teamWithRotation(h, {
      teamId: h.fake.teamId,
      timezone: "UTC",
      startDate: "2026-11-23",
      members: [DAVE],
      channelId: "C_GENERAL",
    });
    await teamSpeaks("en");
    await webcareRemindersJob.run(depsOf(h), new Date("2026-11-23T09:00:00Z"));
    expect(dmTexts(h, DAVE)[0]).toMatch(/^Vous êtes de permanence webcare aujourd’hui/);
    expect(String(h.fake.messagesIn("C_GENERAL")[0]?.text)).toBe(
      `Webcare duty today, Monday 23 November from 09:00: <@${DAVE}>.`,
    );
  });
});

describe("usage lines", () => {
  it("answers bad /webcare input in the caller's language, and stores nothing", async () => {
    await teamWithManager(h, DAVE);
    expect(await webcare(DAVE, "dance")).toMatch(new RegExp(`^Utilisation${SPACE}: /webcare · `));
    expect(await webcare(BOB, "dance")).toMatch(/^Usage: \/webcare · /);
    expect(await webcare(DAVE, "who 2026-02-30")).toMatch(
      new RegExp(
        `^Utilisation${SPACE}: /webcare who \\[AAAA-MM-JJ\\] — «${SPACE}2026-02-30${SPACE}» n’est pas une date`,
      ),
    );
    expect(await webcare(DAVE, "rotation <@U_BOB> at 9am")).toMatch(
      /n’est pas une heure.*HH:MM \(sur 24 heures\)/,
    );
    expect(await webcare(DAVE, "schedule 61")).toMatch(/60 jours au plus \(61 demandés\)/);
    expect(await webcare(DAVE, "cover <@U_BOB> 2026-11-22")).toMatch(
      /^Utilisation.*le dim\. 22 nov\. 2026 est passé \(nous sommes le lun\. 23 nov\. 2026\)/,
    );
    expect(await webcare(DAVE, "")).toMatch(/^Aucun roulement webcare pour l’instant/);
    expect(await h.database.db.webcareRotation.count()).toBe(0);
    expect(await h.database.db.webcareCover.count()).toBe(0);
  });
});

describe("a cover request in French", () => {
  it("posts in the team's language, answers each person in theirs, and updates in French", async () => {
    await teamWithManager(h, ALICE);
    await teamSpeaks("fr");
    // Mon 23 Dave, Tue 24 Bob, Wed 25 Dave, Thu 26 Bob.
    expect(await webcare(ALICE, `rotation <@${DAVE}> <@${BOB}> in <#C_GENERAL|general>`)).toMatch(
      /^Webcare rotation set/,
    );

    expect(await webcare(DAVE, "ask 2026-11-25")).toMatch(
      /^Demande de remplacement pour le mer\. 25 nov\. 2026 publiée dans <#C_GENERAL>/,
    );
    const request = structuredClone(h.fake.messagesIn("C_GENERAL").at(-1));
    expect(request?.text).toBe(
      `<@${DAVE}> demande un remplacement pour la permanence webcare du *mer. 25 nov. 2026*.`,
    );
    expect(JSON.stringify(request?.blocks)).toContain("Je remplace");
    expect(await webcare(DAVE, "ask 2026-11-25")).toMatch(/est déjà demandé/);

    // Dave cannot take his own request (told in French); Bob, in English, takes it.
    await h.slack.clickButton(DAVE, request!, TAKE);
    expect(String(h.fake.ephemeralsTo(DAVE).at(-1)?.text)).toMatch(/^C’est votre propre demande/);
    await h.slack.clickButton(BOB, request!, TAKE);

    const updated = h.fake.messagesIn("C_GENERAL").find((m) => m.ts === request?.ts);
    expect(updated?.text).toBe(
      `:white_check_mark: <@${BOB}> assure la permanence webcare du *mer. 25 nov. 2026* (à la demande de <@${DAVE}>).`,
    );
    expect(JSON.stringify(updated?.blocks)).not.toContain(TAKE);
    expect(dmTexts(h, DAVE).join("\n")).toContain(
      `<@${BOB}> vous remplace à la permanence webcare du mer. 25 nov. 2026.`,
    );
    expect(dmTexts(h, BOB).join("\n")).toContain(
      `You cover webcare on Wed 25 Nov 2026 for <@${DAVE}>.`,
    );
    expect(await webcare(DAVE, "who 2026-11-25")).toMatch(
      new RegExp(
        `^mer\\. 25 nov\\. 2026${SPACE}: <@${BOB}> assure la permanence webcare \\(remplacement\\)\\.`,
      ),
    );
    expect(await h.database.db.webcareCover.findMany()).toMatchObject([
      { date: "2026-11-25", userId: BOB },
    ]);
  });

  it("without a duty channel, each member's DM is in their language, and so is its update", async () => {
    await teamWithManager(h, ALICE);
    await teamSpeaks("en");
    // Mon 23 Bob, Tue 24 Alice, Wed 25 Dave.
    await webcare(ALICE, `rotation <@${BOB}> <@${ALICE}> <@${DAVE}>`);
    expect(await webcare(BOB, "ask 2026-11-23")).toMatch(/^Asked 2 people of the rotation/);
    const [daveCopy] = h.fake.dmsTo(DAVE);
    const [aliceCopy] = h.fake.dmsTo(ALICE);
    expect(daveCopy?.text).toMatch(/demande un remplacement pour la permanence webcare/);
    expect(aliceCopy?.text).toMatch(/asks for someone to cover webcare/);

    await h.slack.clickButton(DAVE, daveCopy!, TAKE);
    const daveNow = h.fake.dmsTo(DAVE).find((m) => m.ts === daveCopy?.ts);
    const aliceNow = h.fake.dmsTo(ALICE).find((m) => m.ts === aliceCopy?.ts);
    expect(daveNow?.text).toMatch(/^:white_check_mark: <@U_DAVE> assure la permanence webcare/);
    expect(aliceNow?.text).toMatch(/^:white_check_mark: <@U_DAVE> covers webcare on/);
    expect(dmTexts(h, DAVE).join("\n")).toContain("Vous remplacez <@U_BOB>");
  });
});

describe("/webcare rotation … in #channel", () => {
  beforeEach(async () => {
    await teamWithManager(h, ALICE);
    await h.slack.command(ALICE, "/role", `assign <@${DAVE}> manager`);
  });

  it("joins a public channel it is not in before confirming it", async () => {
    expect(h.fake.channel("C_SOCIAL")?.members).not.toContain(h.fake.botUserId);
    expect(await webcare(ALICE, `rotation <@${BOB}> in <#C_SOCIAL|social>`)).toMatch(
      /Duty is announced in <#C_SOCIAL>/,
    );
    expect(h.fake.channel("C_SOCIAL")?.members).toContain(h.fake.botUserId);
    expect(h.fake.callsTo("conversations.join")).toHaveLength(1);
    const rows = await h.database.db.webcareRotation.findMany();
    expect(rows.map((row) => row.channelId)).toEqual(["C_SOCIAL"]);
  });

  it("refuses a private channel it is not in, saying how to fix it, in each person's language; stores nothing", async () => {
    expect(await webcare(ALICE, `rotation <@${BOB}> in <#G_PRIVATE|private>`)).toBe(
      "I am not in <#G_PRIVATE>, a private channel, so I could not announce duty there. Invite me first (`/invite @Greenlight` in that channel), then set the rotation again. Nothing changed.",
    );
    expect(await webcare(DAVE, `rotation <@${BOB}> in <#G_PRIVATE>`)).toMatch(
      /^Je ne suis pas membre de <#G_PRIVATE>, un canal privé.*Invitez-moi d’abord \(`\/invite @Greenlight` dans ce canal\).*Rien n’a changé\.$/,
    );
    expect(await h.database.db.webcareRotation.count()).toBe(0);
    expect(
      await h.database.db.auditEntry.count({ where: { action: "webcare.rotation_set" } }),
    ).toBe(0);

    // Once someone invites the app, the same command works.
    h.fake.channel("G_PRIVATE")?.members.push(h.fake.botUserId);
    expect(await webcare(ALICE, `rotation <@${BOB}> in <#G_PRIVATE|private>`)).toMatch(
      /Duty is announced in <#G_PRIVATE>/,
    );
    expect(await h.database.db.webcareRotation.count()).toBe(1);
  });

  it("refuses an archived or unknown channel; stores nothing", async () => {
    const social = h.fake.channel("C_SOCIAL");
    if (social) social.is_archived = true;
    expect(await webcare(DAVE, `rotation <@${BOB}> in <#C_SOCIAL>`)).toMatch(
      new RegExp(`^<#C_SOCIAL> est archivé${SPACE}: je ne peux pas y annoncer la permanence`),
    );
    expect(await webcare(ALICE, `rotation <@${BOB}> in <#C_NOWHERE>`)).toMatch(
      /^I cannot see <#C_NOWHERE>\. If it is a private channel, invite me first/,
    );
    expect(await h.database.db.webcareRotation.count()).toBe(0);
  });
});
