import { mention } from "../../slack/text.ts";
import { ROLES, type Role } from "./roles.ts";

/** Every word the roles feature says, in one place (translations go beside it). */
export const rolesText = {
  usage: `Usage: /role [list] · /role assign @user <role> · /role unassign @user <role> — roles: ${ROLES.join(", ")}`,
  notAUser: (given: string | undefined) =>
    `Usage: /role assign @user <role> — "${given ?? ""}" is not a person: mention them with @.`,
  notARole: (given: string | undefined) =>
    `Usage: /role assign @user <role> — "${given ?? ""}" is not a role. Roles: ${ROLES.join(", ")}.`,
  denied: (managers: string[]) =>
    managers.length > 0
      ? `Only a manager or a workspace admin can change roles. Ask ${managers.map(mention).join(", ")}.`
      : "Only a manager or a workspace admin can change roles. Nobody is manager yet: anyone may name the first one with `/role assign @someone manager`.",
  isBot: (userId: string) => `${mention(userId)} is a bot or an app: roles are for people.`,
  isDeleted: (userId: string) =>
    `${mention(userId)} has left this workspace (deactivated): roles are for current members.`,
  isUnknown: (userId: string) => `I cannot find ${mention(userId)} in this workspace.`,
  assigned: (userId: string, role: Role) => `${mention(userId)} is now ${article(role)} *${role}*.`,
  bootstrapped: (userId: string) =>
    `${mention(userId)} is now a *manager*. This workspace had no manager yet, so anyone could name the first one; from now on only managers and workspace admins change roles.`,
  alreadyHas: (userId: string, role: Role) =>
    `${mention(userId)} is already ${article(role)} *${role}*. Nothing changed.`,
  approverReplaced: (userId: string, previous: string) =>
    `${mention(userId)} is now the *approver*, taking over from ${mention(previous)}. Pending proposals move to ${mention(userId)}.`,
  unassigned: (userId: string, role: Role) =>
    `${mention(userId)} is no longer ${article(role)} *${role}*.`,
  notHolding: (userId: string, role: Role) =>
    `${mention(userId)} is not ${article(role)} *${role}*. Nothing changed.`,
  listHeader: "Who does what",
  listEmpty: "Nobody has a role yet. Start with `/role assign @someone manager`.",
  noApprover:
    "*Approver:* nobody yet — proposals wait until one is assigned (`/role assign @user approver`).",
  approverLine: (userId: string) => `*Approver:* ${mention(userId)}`,
  roleLine: (role: Role, userIds: string[]) =>
    `*${capitalise(role)}${userIds.length > 1 ? "s" : ""}:* ${userIds.map(mention).join(", ")}`,
  listFallback: (count: number) =>
    `${count} role assignment${count === 1 ? "" : "s"} in this workspace.`,
  raceLost:
    "Someone changed the approver at the same moment. Nothing changed; look at `/role list` and try again.",
};

function article(role: Role): string {
  return role === "approver" ? "the" : /^[aeiou]/.test(role) ? "an" : "a";
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
