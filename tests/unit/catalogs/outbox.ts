import type { Samples } from "../../../src/i18n/catalog.ts";
import type { OutboxMessages } from "../../../src/slack/outbox/messages.ts";
import { en } from "../../../src/slack/outbox/messages.en.ts";
import { fr } from "../../../src/slack/outbox/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const channel: [string][] = [["<#C_SOCIAL>"], ["the channel"]];
const person: [string][] = [["<@U_BOB>"], ["this person"]];

const samples: Samples<OutboxMessages> = {
  notice: [
    ["a message in <#C_SOCIAL>", "is_archived", "<#C_SOCIAL> is archived."],
    ["un message privé à <@U_BOB>", "account_inactive", "<@U_BOB> a quitté l’espace."],
  ],
  aDirectMessageTo: person,
  aMessageIn: channel,
  fixNotInChannel: channel,
  fixChannelNotFound: channel,
  fixArchived: channel,
  fixRestricted: channel,
  fixCannotJoin: channel,
  fixLeft: person,
  fixBot: person,
};

export const outbox = catalogUnderTest("outbox", { en, fr }, samples);
