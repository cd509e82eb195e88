import type { OutboxMessages } from "./messages.en.ts";

export const fr: OutboxMessages = {
  notice: (where: string, code: string, fix: string) =>
    `:warning: Greenlight n’a pas pu remettre ${where}\u00a0: Slack a répondu \`${code}\`. ${fix}`,
  aMessage: "un message",
  aDirectMessageTo: (person: string) => `un message privé à ${person}`,
  aMessageIn: (channel: string) => `un message dans ${channel}`,
  theChannel: "le canal",
  thisPerson: "cette personne",
  fixNotInChannel: (channel: string) =>
    `Invitez Greenlight dans ${channel} (\`/invite @Greenlight\` dans le canal), ou choisissez un autre canal.`,
  fixChannelNotFound: (channel: string) =>
    `${channel} a été supprimé, ou il est privé et Greenlight n’y est pas\u00a0: invitez Greenlight, ou choisissez un autre canal.`,
  fixArchived: (channel: string) =>
    `${channel} est archivé\u00a0: désarchivez-le, ou choisissez un autre canal.`,
  fixRestricted: (channel: string) =>
    `Seuls certains membres peuvent publier dans ${channel}\u00a0: autorisez Greenlight à y publier, ou choisissez un autre canal.`,
  fixCannotJoin: (channel: string) =>
    `Greenlight ne peut pas rejoindre ${channel} de lui-même\u00a0: invitez-le (\`/invite @Greenlight\`), ou choisissez un autre canal.`,
  fixLeft: (person: string) =>
    `${person} a quitté l’espace de travail\u00a0: confiez ses rôles et ses permanences à quelqu’un d’autre (\`/role\`, \`/webcare\`).`,
  fixBot: (person: string) =>
    `${person} est un bot\u00a0: confiez ses rôles et ses permanences à une personne (\`/role\`, \`/webcare\`).`,
  fixScope:
    "Il manque une autorisation Slack à Greenlight\u00a0: réinstallez l’application depuis son manifeste pour qu’elle obtienne toutes les autorisations qu’elle demande.",
  fixAuth:
    "L’accès de Greenlight à cet espace de travail ne fonctionne plus\u00a0: réinstallez l’application.",
  fixOther:
    "Slack a refusé un message construit par Greenlight\u00a0: c’est une erreur de Greenlight. Merci de la signaler avec le nom d’erreur ci-dessus.",
};
