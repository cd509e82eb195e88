import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webcareRemindersJob } from "../../../src/features/webcare/reminders.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, depsOf, dmTexts, teamWithRotation } from "../webcare/support.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-12-07T06:00:00Z" });
  h.fake.setLocale(ALICE, "fr-FR");
});
afterEach(async () => {
  await h.close();
});

const setTeamLanguage = (teamId: string, language: string) =>
  h.database.db.team.update({ where: { id: teamId }, data: { language } });

describe("webcare in both languages", () => {
  it("reminds each person in their language and announces in the team's", async () => {
    const channel = "C_GENERAL";
    await teamWithRotation(h, {
      timezone: "Europe/Paris",
      startDate: "2026-12-07",
      channelId: channel,
    });
    await setTeamLanguage("T_WEBCARE", "fr");

    // Monday 7 December, 09:00 in Paris: Alice (French) is on duty.
    await webcareRemindersJob.run(depsOf(h), new Date("2026-12-07T08:00:00Z"));
    const [alice] = dmTexts(h, ALICE);
    expect(alice).toContain(
      "Vous êtes de permanence webcare aujourd’hui (lun. 7 déc. 2026)\u00a0:",
    );
    expect(alice).toContain(`Relève de personne · demain\u00a0: <@${BOB}>.`);
    expect(String(h.fake.messagesIn(channel)[0]?.text)).toBe(
      `Webcare aujourd’hui (lun. 7 déc. 2026)\u00a0: <@${ALICE}>.`,
    );

    // Tuesday: Bob (English) gets English; the channel stays in the team's French.
    await webcareRemindersJob.run(depsOf(h), new Date("2026-12-08T08:00:00Z"));
    const [bob] = dmTexts(h, BOB);
    expect(bob).toContain("You are on webcare duty today (Tue 8 Dec 2026)");
    expect(String(h.fake.messagesIn(channel)[1]?.text)).toMatch(
      /^Webcare aujourd’hui \(mar\. 8 déc\. 2026\)/,
    );
  });

  it("an English team's channel line stays English, whoever is on duty", async () => {
    await teamWithRotation(h, {
      timezone: "Europe/Paris",
      startDate: "2026-12-07",
      channelId: "C_GENERAL",
    });
    await webcareRemindersJob.run(depsOf(h), new Date("2026-12-07T08:00:00Z"));
    expect(dmTexts(h, ALICE)[0]).toMatch(/^Vous êtes de permanence/);
    expect(String(h.fake.messagesIn("C_GENERAL")[0]?.text)).toBe(
      `Webcare today (Mon 7 Dec 2026): <@${ALICE}>.`,
    );
  });

  it("answers /webcare in the caller's language, usage lines included", async () => {
    await teamWithRotation(h, {
      timezone: "Europe/Paris",
      startDate: "2026-12-07",
      teamId: h.fake.teamId,
    });
    await h.slack.command(ALICE, "/webcare", "who");
    expect(h.fake.ephemeralsTo(ALICE).at(-1)?.text).toMatch(
      /^Aujourd’hui\u00a0: <@U_ALICE> est de permanence webcare\./,
    );
    await h.slack.command(BOB, "/webcare", "who");
    expect(h.fake.ephemeralsTo(BOB).at(-1)?.text).toMatch(
      /^Today: <@U_ALICE> is on webcare duty\./,
    );
    await h.slack.command(ALICE, "/webcare", "schedule 99");
    expect(h.fake.ephemeralsTo(ALICE).at(-1)?.text).toMatch(
      /^Utilisation\u00a0: \/webcare schedule .* 60\u00a0jours au plus \(99 demandés\)\./,
    );
    await h.slack.command(BOB, "/webcare", "schedule 99");
    expect(h.fake.ephemeralsTo(BOB).at(-1)?.text).toMatch(/^Usage: \/webcare schedule/);
  });
});
