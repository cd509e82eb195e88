import { foldWord } from "../../i18n/input.ts";
import { parseUserMention, tokenize } from "../../slack/args.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

/** The roles of a social-media team. The approver is the one role one person at most holds. */
export const ROLES = [
  "manager",
  "creator",
  "designer",
  "approver",
  "curator",
  "analyst",
  "webcare",
] as const;
export type Role = (typeof ROLES)[number];

export const EXCLUSIVE_ROLES: ReadonlySet<Role> = new Set<Role>(["approver"]);

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * A role as typed, in any language Greenlight speaks and with or without
 * accents: `approver`, `approbateur`, `Créateur` and `createur` all name a role.
 */
const ROLE_WORDS: ReadonlyMap<string, Role> = new Map(
  [en, fr].flatMap((messages) =>
    ROLES.map((role) => [foldWord(messages.roleNames[role]), role] as const),
  ),
);

export function roleFromWord(word: string): Role | null {
  return ROLE_WORDS.get(foldWord(word)) ?? null;
}

export type RoleCommand =
  | { kind: "list" }
  | { kind: "assign" | "unassign"; userId: string; role: Role }
  | { kind: "usage"; problem: "syntax" | "user" | "role"; given?: string };

/** `/role`, `/role list`, `/role assign @user role`, `/role unassign @user role`. */
export function parseRoleCommand(text: string | undefined): RoleCommand {
  const [verb, who, roleName, ...rest] = tokenize(text);
  if (verb === undefined || (verb.toLowerCase() === "list" && who === undefined))
    return { kind: "list" };
  const action = verb.toLowerCase();
  if ((action !== "assign" && action !== "unassign") || rest.length > 0 || roleName === undefined) {
    return { kind: "usage", problem: "syntax" };
  }
  const userId = parseUserMention(who);
  if (!userId) return { kind: "usage", problem: "user", given: who };
  const role = roleFromWord(roleName);
  if (!role) return { kind: "usage", problem: "role", given: roleName };
  return { kind: action, userId, role };
}

export type Permission = "allowed" | "bootstrap" | "denied";

/**
 * Who may change roles: managers and Slack workspace admins/owners. Only
 * while a workspace has never had a manager may anyone name the first one;
 * once it has had one the door stays shut (the last manager cannot leave).
 */
export function roleChangePermission(input: {
  actorMayManage: boolean;
  teamEverHadManager: boolean;
  role: Role;
  kind: "assign" | "unassign";
}): Permission {
  if (input.actorMayManage) return "allowed";
  if (!input.teamEverHadManager && input.kind === "assign" && input.role === "manager")
    return "bootstrap";
  return "denied";
}

/** The order `/role list` shows: the approver first, then the roles as listed above. */
export function sortForListing<T extends { role: string; userId: string }>(rows: T[]): T[] {
  const rank = (role: string) => (role === "approver" ? -1 : ROLES.indexOf(role as Role));
  return [...rows].sort((a, b) => rank(a.role) - rank(b.role) || a.userId.localeCompare(b.userId));
}
