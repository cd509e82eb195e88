import { describe, expect, it } from "vitest";
import { roleList } from "../../src/features/roles/views.ts";
import { helpMessage, settingsModal } from "../../src/features/settings/views.ts";
import { LANGS } from "../../src/i18n/lang.ts";
import { validateMessageBlocks, validateView } from "../../src/sandbox/blockkit.ts";

/**
 * Block Kit's limits hold in every language: French runs about a fifth longer
 * than English, and a modal title over 24 characters is refused by Slack.
 */
describe.each(LANGS)("Block Kit limits in %s", (lang) => {
  it("the settings modal", () => {
    const team = {
      id: "T1",
      timezone: "Europe/Paris",
      timezoneSource: "manager",
      digestDay: 3,
      digestTime: "09:00",
      language: lang,
    };
    expect(validateView(settingsModal(team, lang), "modal")).toBeNull();
  });

  it("help and the role list", () => {
    expect(validateMessageBlocks(helpMessage(lang).blocks)).toBeNull();
    const many = [
      "manager",
      "creator",
      "designer",
      "approver",
      "curator",
      "analyst",
      "webcare",
    ].flatMap((role) => Array.from({ length: 30 }, (_, i) => ({ role, userId: `U${role}${i}` })));
    expect(validateMessageBlocks(roleList(many, lang).blocks)).toBeNull();
    expect(validateMessageBlocks(roleList([], lang).blocks)).toBeNull();
  });
});
