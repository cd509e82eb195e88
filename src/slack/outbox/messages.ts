import { catalog } from "../../i18n/catalog.ts";
import type { Lang } from "../../i18n/lang.ts";
import { mention } from "../text.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { OutboxMessages } from "./messages.en.ts";
/** The managers' notices, in each manager's language (messages.en.ts / messages.fr.ts). */
export const outboxText = catalog({ en, fr });

function where(lang: Lang, kind: "dm" | "post" | "update", target: string | null): string {
  const t = outboxText(lang);
  if (!target) return t.aMessage;
  if (kind === "dm" || /^[UW]/.test(target)) return t.aDirectMessageTo(mention(target));
  return t.aMessageIn(`<#${target}>`);
}

/** What a manager can do about Slack's answer `code`. */
export function whatToFix(code: string, target: string | null, lang: Lang = "en"): string {
  const t = outboxText(lang);
  const channel = target && /^[CG]/.test(target) ? `<#${target}>` : t.theChannel;
  const person = target && /^[UW]/.test(target) ? mention(target) : t.thisPerson;
  switch (code) {
    case "not_in_channel":
      return t.fixNotInChannel(channel);
    case "channel_not_found":
      return t.fixChannelNotFound(channel);
    case "is_archived":
      return t.fixArchived(channel);
    case "restricted_action":
    case "restricted_action_read_only_channel":
    case "restricted_action_thread_only_channel":
    case "restricted_action_non_threadable_channel":
    case "team_access_not_granted":
      return t.fixRestricted(channel);
    case "method_not_supported_for_channel_type":
      return t.fixCannotJoin(channel);
    case "account_inactive":
    case "user_disabled":
    case "user_not_found":
    case "users_not_found":
      return t.fixLeft(person);
    case "cannot_dm_bot":
      return t.fixBot(person);
    case "missing_scope":
    case "no_permission":
    case "not_allowed_token_type":
      return t.fixScope;
    case "invalid_auth":
    case "not_authed":
    case "token_revoked":
    case "token_expired":
    case "ekm_access_denied":
    case "org_login_required":
    case "team_is_restricted":
      return t.fixAuth;
    default:
      return t.fixOther;
  }
}

/** The one DM each manager gets about a message Slack refused for good, in their language. */
export function slackProblemNotice(
  kind: "dm" | "post" | "update",
  target: string | null,
  code: string,
  lang: Lang = "en",
): { text: string } {
  return {
    text: outboxText(lang).notice(where(lang, kind, target), code, whatToFix(code, target, lang)),
  };
}
