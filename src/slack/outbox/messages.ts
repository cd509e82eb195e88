import { mention } from "../text.ts";

/**
 * What the managers are told when Slack refuses a message for good: what went
 * wrong, where, and what to do about it. English for now; the French catalog
 * follows the i18n pattern when it lands.
 */

function where(kind: "dm" | "post" | "update", target: string | null): string {
  if (!target) return "a message";
  if (kind === "dm" || /^[UW]/.test(target)) return `a direct message to ${mention(target)}`;
  return `a message in <#${target}>`;
}

/** What a manager can do about Slack's answer `code`. */
export function whatToFix(code: string, target: string | null): string {
  const channel = target && /^[CG]/.test(target) ? `<#${target}>` : "the channel";
  const person = target && /^[UW]/.test(target) ? mention(target) : "this person";
  switch (code) {
    case "not_in_channel":
      return `Invite Greenlight to ${channel} (\`/invite @Greenlight\` in the channel), or choose another channel.`;
    case "channel_not_found":
      return `${channel} was deleted, or it is private and Greenlight is not in it: invite Greenlight, or choose another channel.`;
    case "is_archived":
      return `${channel} is archived: unarchive it, or choose another channel.`;
    case "restricted_action":
    case "restricted_action_read_only_channel":
    case "restricted_action_thread_only_channel":
    case "restricted_action_non_threadable_channel":
    case "team_access_not_granted":
      return `Only some members may post in ${channel}: allow Greenlight to post there, or choose another channel.`;
    case "method_not_supported_for_channel_type":
      return `Greenlight cannot join ${channel} by itself: invite it (\`/invite @Greenlight\`), or choose another channel.`;
    case "account_inactive":
    case "user_disabled":
    case "user_not_found":
    case "users_not_found":
      return `${person} has left the workspace: give their roles and duties to someone else (\`/role\`, \`/webcare\`).`;
    case "cannot_dm_bot":
      return `${person} is a bot: give their roles and duties to a person (\`/role\`, \`/webcare\`).`;
    case "missing_scope":
    case "no_permission":
    case "not_allowed_token_type":
      return "Greenlight is missing a Slack permission: reinstall the app from its manifest so that it gets every scope it asks for.";
    case "invalid_auth":
    case "not_authed":
    case "token_revoked":
    case "token_expired":
    case "ekm_access_denied":
    case "org_login_required":
    case "team_is_restricted":
      return "Greenlight's access to this workspace no longer works: reinstall the app.";
    default:
      return "Slack refused a message Greenlight built; this is a fault in Greenlight. Please report it with the error name above.";
  }
}

/** The one DM each manager gets about a message Slack refused for good. */
export function slackProblemNotice(
  kind: "dm" | "post" | "update",
  target: string | null,
  code: string,
): { text: string } {
  return {
    text: `:warning: Greenlight could not deliver ${where(kind, target)}: Slack answered \`${code}\`. ${whatToFix(code, target)}`,
  };
}
