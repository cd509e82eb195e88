import { countOf, plural } from "../../i18n/format.ts";
import { escapeText, mention } from "../../slack/text.ts";
import type { RolesMessages } from "./messages.en.ts";
import type { Role } from "./roles.ts";

const roleNames: Record<Role, string> = {
  manager: "responsable",
  creator: "créateur",
  designer: "designer",
  approver: "approbateur",
  curator: "curateur",
  analyst: "analyste",
  webcare: "webcare",
};
const roleList = Object.values(roleNames).join(", ");
const titles = (role: Role, count: number) =>
  `${roleNames[role].charAt(0).toUpperCase()}${roleNames[role].slice(1)}${plural("fr", count, { one: "", other: "s" })}`;

/** Les textes du rôle en français : mêmes clés que messages.en.ts, le compilateur y veille. */
export const fr: RolesMessages = {
  roleNames,
  usage: `Utilisation : /role [list] · /role assign @personne &lt;rôle&gt; · /role unassign @personne &lt;rôle&gt; — rôles : ${roleList}`,
  notAUser: (given: string) =>
    `Utilisation : /role assign @personne &lt;rôle&gt; — « ${escapeText(given)} » n’est pas une personne : mentionnez-la avec @.`,
  notARole: (given: string) =>
    `Utilisation : /role assign @personne &lt;rôle&gt; — « ${escapeText(given)} » n’est pas un rôle. Rôles : ${roleList}.`,
  denied: (managers: string[]) =>
    managers.length > 0
      ? `Seuls les responsables et les administrateurs de l’espace de travail peuvent modifier les rôles. Demandez à ${managers.map(mention).join(", ")}.`
      : "Seuls les responsables et les administrateurs de l’espace de travail peuvent modifier les rôles. Il n’y a pas encore de responsable : n’importe qui peut nommer le premier avec `/role assign @personne responsable`.",
  isBot: (userId: string) =>
    `${mention(userId)} est un bot ou une application : les rôles sont réservés aux personnes.`,
  isDeleted: (userId: string) =>
    `${mention(userId)} a quitté cet espace de travail (compte désactivé) : les rôles sont réservés aux membres actuels.`,
  isUnknown: (userId: string) => `Je ne trouve pas ${mention(userId)} dans cet espace de travail.`,
  assigned: (userId: string, role: Role) =>
    `${mention(userId)} a désormais le rôle *${roleNames[role]}*.`,
  bootstrapped: (userId: string) =>
    `${mention(userId)} est désormais *responsable*. Cet espace de travail n’avait pas encore de responsable, n’importe qui pouvait donc nommer le premier ; désormais, seuls les responsables et les administrateurs modifient les rôles.`,
  alreadyHas: (userId: string, role: Role) =>
    `${mention(userId)} a déjà le rôle *${roleNames[role]}*. Rien n’a changé.`,
  approverReplaced: (userId: string, previous: string) =>
    `${mention(userId)} est désormais l’*approbateur* et prend le relais de ${mention(previous)}. Les propositions en attente lui sont transmises.`,
  unassigned: (userId: string, role: Role) =>
    `${mention(userId)} n’a plus le rôle *${roleNames[role]}*.`,
  notHolding: (userId: string, role: Role) =>
    `${mention(userId)} n’a pas le rôle *${roleNames[role]}*. Rien n’a changé.`,
  listHeader: "Qui fait quoi",
  listEmpty: "Personne n’a encore de rôle. Commencez par `/role assign @personne responsable`.",
  noApprover:
    "*Approbateur :* personne pour l’instant — les propositions attendent qu’il soit nommé (`/role assign @personne approbateur`).",
  approverLine: (userId: string) => `*Approbateur :* ${mention(userId)}`,
  roleLine: (role: Role, userIds: string[]) =>
    `*${titles(role, userIds.length)} :* ${userIds.map(mention).join(", ")}`,
  listFallback: (count: number) =>
    `${countOf("fr", count, "attribution de rôle", "attributions de rôle")} dans cet espace de travail.`,
  lastManager: (userId: string) =>
    `${mention(userId)} est le seul ou la seule responsable de l’équipe et le reste\u00a0: nommez d’abord un autre responsable (\`/role assign @quelqu’un responsable\`), puis retirez celui-ci.`,
  raceLost:
    "Quelqu’un a changé d’approbateur au même moment. Rien n’a changé ; consultez `/role list` et réessayez.",
};
