/**
 * What the managers are told when Slack refuses a message for good: what went
 * wrong, where, and what to do about it (src/slack/outbox/messages.ts picks
 * the texts from Slack's error code).
 */
export const en = {
  notice: (where: string, code: string, fix: string) =>
    `:warning: Greenlight could not deliver ${where}: Slack answered \`${code}\`. ${fix}`,
  aMessage: "a message",
  aDirectMessageTo: (person: string) => `a direct message to ${person}`,
  aMessageIn: (channel: string) => `a message in ${channel}`,
  theChannel: "the channel",
  thisPerson: "this person",
  fixNotInChannel: (channel: string) =>
    `Invite Greenlight to ${channel} (\`/invite @Greenlight\` in the channel), or choose another channel.`,
  fixChannelNotFound: (channel: string) =>
    `${channel} was deleted, or it is private and Greenlight is not in it: invite Greenlight, or choose another channel.`,
  fixArchived: (channel: string) =>
    `${channel} is archived: unarchive it, or choose another channel.`,
  fixRestricted: (channel: string) =>
    `Only some members may post in ${channel}: allow Greenlight to post there, or choose another channel.`,
  fixCannotJoin: (channel: string) =>
    `Greenlight cannot join ${channel} by itself: invite it (\`/invite @Greenlight\`), or choose another channel.`,
  fixLeft: (person: string) =>
    `${person} has left the workspace: give their roles and duties to someone else (\`/role\`, \`/webcare\`).`,
  fixBot: (person: string) =>
    `${person} is a bot: give their roles and duties to a person (\`/role\`, \`/webcare\`).`,
  fixScope:
    "Greenlight is missing a Slack permission: reinstall the app from its manifest so that it gets every scope it asks for.",
  fixAuth: "Greenlight's access to this workspace no longer works: reinstall the app.",
  fixOther:
    "Slack refused a message Greenlight built; this is a fault in Greenlight. Please report it with the error name above.",
};

export type OutboxMessages = typeof en;
