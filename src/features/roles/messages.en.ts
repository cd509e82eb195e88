import { countOf, plural } from "../../i18n/format.ts";
import { escapeText, mention } from "../../slack/text.ts";
import type { Role } from "./roles.ts";

const roleNames: Record<Role, string> = {
  manager: "manager",
  creator: "creator",
  designer: "designer",
  approver: "approver",
  curator: "curator",
  analyst: "analyst",
  webcare: "webcare",
};
const roleList = Object.values(roleNames).join(", ");
const article = (role: Role) => (role === "approver" ? "the" : /^[aeiou]/.test(role) ? "an" : "a");
const titles = (role: Role, count: number) =>
  `${roleNames[role].charAt(0).toUpperCase()}${roleNames[role].slice(1)}${plural("en", count, { one: "", other: "s" })}`;

/** Every word the roles feature says in English; messages.fr.ts has the same keys. */
export const en = {
  /** What people type and read for each role; `/role` accepts the names of every language. */
  roleNames,
  usage: `Usage: /role [list] · /role assign @user &lt;role&gt; · /role unassign @user &lt;role&gt; — roles: ${roleList}`,
  notAUser: (given: string) =>
    `Usage: /role assign @user &lt;role&gt; — "${escapeText(given)}" is not a person: mention them with @.`,
  notARole: (given: string) =>
    `Usage: /role assign @user &lt;role&gt; — "${escapeText(given)}" is not a role. Roles: ${roleList}.`,
  denied: (managers: string[]) =>
    managers.length > 0
      ? `Only a manager or a workspace admin can change roles. Ask ${managers.map(mention).join(", ")}.`
      : "Only a manager or a workspace admin can change roles. Nobody is manager yet: anyone may name the first one with `/role assign @someone manager`.",
  isBot: (userId: string) => `${mention(userId)} is a bot or an app: roles are for people.`,
  isDeleted: (userId: string) =>
    `${mention(userId)} has left this workspace (deactivated): roles are for current members.`,
  isUnknown: (userId: string) => `I cannot find ${mention(userId)} in this workspace.`,
  assigned: (userId: string, role: Role) =>
    `${mention(userId)} is now ${article(role)} *${roleNames[role]}*.`,
  bootstrapped: (userId: string) =>
    `${mention(userId)} is now a *manager*. This workspace had no manager yet, so anyone could name the first one; from now on only managers and workspace admins change roles.`,
  alreadyHas: (userId: string, role: Role) =>
    `${mention(userId)} is already ${article(role)} *${roleNames[role]}*. Nothing changed.`,
  approverReplaced: (userId: string, previous: string) =>
    `${mention(userId)} is now the *approver*, taking over from ${mention(previous)}. Pending proposals move to ${mention(userId)}.`,
  unassigned: (userId: string, role: Role) =>
    `${mention(userId)} is no longer ${article(role)} *${roleNames[role]}*.`,
  notHolding: (userId: string, role: Role) =>
    `${mention(userId)} is not ${article(role)} *${roleNames[role]}*. Nothing changed.`,
  listHeader: "Who does what",
  listEmpty: "Nobody has a role yet. Start with `/role assign @someone manager`.",
  noApprover:
    "*Approver:* nobody yet — proposals wait until one is assigned (`/role assign @user approver`).",
  approverLine: (userId: string) => `*Approver:* ${mention(userId)}`,
  roleLine: (role: Role, userIds: string[]) =>
    `*${titles(role, userIds.length)}:* ${userIds.map(mention).join(", ")}`,
  listFallback: (count: number) =>
    `${countOf("en", count, "role assignment", "role assignments")} in this workspace.`,
  lastManager: (userId: string) =>
    `${mention(userId)} is the team's only manager, so they stay one: name another manager first (\`/role assign @someone manager\`), then remove this one.`,
  raceLost:
    "Someone changed the approver at the same moment. Nothing changed; look at `/role list` and try again.",
};

export type RolesMessages = typeof en;
