import type { RespondFn } from "@slack/bolt";
import type { SlackRoutes } from "../../slack/router.ts";
import type { WebClient } from "@slack/web-api";
import type { Deps } from "../../deps.ts";
import { sendDirectMessage } from "../../slack/dm.ts";
import { formatFor } from "../../i18n/format.ts";
import { langOfMetadata, type Lang } from "../../i18n/lang.ts";
import { chooseLanguage, languageChoiceOf, langOf } from "../../i18n/language.ts";
import { ackPrivately, replyPrivately } from "../../slack/reply.ts";
import { openModalOrTell } from "../../slack/open-modal.ts";
import { ackThenWork, answeredInAck, commandOpensModalFor } from "../../slack/busy.ts";
import { tokenize } from "../../slack/args.ts";
import { guidelinesCommand } from "../guidelines/commands.ts";
import { mayManageTeam } from "../roles/access.ts";
import { settingsText } from "./messages.ts";
import { parseLanguageChoice, SettingsInput } from "./settings.ts";
import { getTeam, saveSettings } from "./store.ts";
import { helpMessage, SETTINGS_BLOCKS, SETTINGS_CALLBACK, settingsModal } from "./views.ts";

/** First words whose answer needs more than the caller's language (the rest get the usage line). */
const ANSWERED_AFTER_LOOKUP = new Set(["settings", "guidelines", "language", "langue"]);

export function registerSettings(routes: SlackRoutes, deps: Deps): void {
  // Settings and the guidelines editor open a form after the ack: before queued background work.
  const formsOpen = commandOpensModalFor("settings", "guidelines");
  routes.command("/greenlight", formsOpen, async ({ command, body, ack, respond, client }) => {
    const teamId = command.team_id;
    const userId = command.user_id;
    const [sub, ...rest] = tokenize(command.text);
    const verb = sub?.toLowerCase();
    const isHelp = (verb === undefined || verb === "help") && rest.length === 0;
    const isUsage = !isHelp && !ANSWERED_AFTER_LOOKUP.has(verb ?? "");
    // Help and the usage line need nothing but the caller's language: when
    // this process looked it up lately, they are the acknowledgement itself,
    // with no work after it (no query, no response_url request).
    const known = deps.recentLanguages?.trusted(teamId, userId, deps.clock());
    if (known && (isHelp || isUsage)) {
      answeredInAck(body);
      return ackPrivately(ack, isHelp ? helpMessage(known) : settingsText(known).usage);
    }
    // Else ack first: the caller's language is read from the database. The
    // work waits for a running slot detached from this listener (src/slack/busy.ts);
    // settings and the guidelines editor in the urgent lane (formsOpen).
    return ackThenWork(body, ack, async () => {
      const lang = await langOf(deps, client, teamId, userId);
      const t = settingsText(lang);
      if (isHelp) return replyPrivately(respond, helpMessage(lang));
      if (isUsage) return replyPrivately(respond, t.usage);
      if (verb === "guidelines") {
        return guidelinesCommand(deps, {
          teamId,
          userId,
          lang,
          triggerId: command.trigger_id,
          rest,
          client,
          respond,
        });
      }
      if (verb === "language" || verb === "langue") {
        return answerLanguage(deps, client, respond, { teamId, userId, lang, words: rest });
      }
      if (rest.length > 0) return replyPrivately(respond, t.usage);

      // The trigger_id lives 3 seconds: a few local queries and one users.info
      // call fit well inside it.
      const team = await getTeam(deps.db, teamId);
      const mayManage = await mayManageTeam(deps.db, client, teamId, userId);
      if (!mayManage) return replyPrivately(respond, t.denied);
      // An expired trigger or a Slack failure is told to the person, in their language.
      await openModalOrTell({
        client,
        triggerId: command.trigger_id,
        view: settingsModal(team, lang),
        lang,
        again: t.settingsAgain,
        tell: (text) => replyPrivately(respond, text),
        logger: deps.logger,
        what: "/greenlight settings",
      });
    });
  });

  routes.view(SETTINGS_CALLBACK, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? view.team_id;
    const userId = body.user.id;
    const lang = langOfMetadata(view.private_metadata);
    const t = settingsText(lang);
    const values = view.state.values;
    const timezone = values[SETTINGS_BLOCKS.timezone]?.[SETTINGS_BLOCKS.timezone]?.value ?? "";
    const parsed = SettingsInput.safeParse({
      timezone,
      digestDay:
        values[SETTINGS_BLOCKS.digestDay]?.[SETTINGS_BLOCKS.digestDay]?.selected_option?.value,
      digestTime: values[SETTINGS_BLOCKS.digestTime]?.[SETTINGS_BLOCKS.digestTime]?.selected_time,
      language:
        values[SETTINGS_BLOCKS.language]?.[SETTINGS_BLOCKS.language]?.selected_option?.value,
    });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "timezone") errors[SETTINGS_BLOCKS.timezone] = t.badTimezone(timezone);
        if (field === "digestDay") errors[SETTINGS_BLOCKS.digestDay] = t.badDay;
        if (field === "digestTime") errors[SETTINGS_BLOCKS.digestTime] = t.badTime;
        if (field === "language") errors[SETTINGS_BLOCKS.language] = t.badLanguage;
      }
      return ack({ response_action: "errors", errors });
    }
    const mayManage = await mayManageTeam(deps.db, client, teamId, userId);
    if (!mayManage) {
      return ack({
        response_action: "errors",
        errors: { [SETTINGS_BLOCKS.timezone]: t.denied },
      });
    }
    await saveSettings(deps.db, teamId, userId, parsed.data);
    await ack();
    const { timezone: zone, digestDay, digestTime, language } = parsed.data;
    await sendDirectMessage(client, userId, {
      text: t.saved(zone, formatFor(lang, zone).weekday(digestDay), digestTime, language),
    });
  });
}

/** `/greenlight language [fr|en|auto]`: shows or changes the language Greenlight speaks to this person. */
async function answerLanguage(
  deps: Deps,
  client: WebClient,
  respond: RespondFn,
  input: { teamId: string; userId: string; lang: Lang; words: string[] },
): Promise<void> {
  const { teamId, userId, lang, words } = input;
  if (words.length === 0) {
    const chosen = (await languageChoiceOf(deps, teamId, userId)) !== null;
    return replyPrivately(respond, settingsText(lang).languageNow(lang, chosen));
  }
  const choice = words.length === 1 ? parseLanguageChoice(words[0] ?? "") : null;
  if (choice === null) return replyPrivately(respond, settingsText(lang).languageUsage);
  if (choice === "auto") {
    await chooseLanguage(deps, teamId, userId, null);
    const followed = await langOf(deps, client, teamId, userId);
    return replyPrivately(respond, settingsText(followed).languageAuto(followed));
  }
  await chooseLanguage(deps, teamId, userId, choice);
  return replyPrivately(respond, settingsText(choice).languageChosen);
}
