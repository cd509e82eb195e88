import { formatNumber } from "../../i18n/format.ts";
import { escapeText, mention } from "../../slack/text.ts";
import type { HomeMessages, TodayDuty } from "./messages.en.ts";

const num = (value: number) => formatNumber("fr", value);
const S = "\u00a0";

/** L’onglet Accueil en français (mêmes clés que messages.en.ts). */
export const fr: HomeMessages = {
  title: "Greenlight",
  intro:
    "Proposez des publications avec `/propose`, suggérez des liens avec `/suggest`, et `/greenlight help` pour tout le reste.",
  yourRoles: (names: readonly string[]) =>
    names.length > 0
      ? `*Vos rôles${S}:* ${names.join(", ")}`
      : `*Vos rôles${S}:* aucun pour l’instant — un responsable les attribue avec \`/role\`.`,
  approver: (userId: string | null) =>
    userId
      ? `*Approbateur${S}:* ${mention(userId)}`
      : `*Approbateur${S}:* personne pour l’instant — les propositions attendent qu’il soit désigné.`,
  onDuty: (duty: TodayDuty | null) =>
    !duty
      ? `*Webcare aujourd’hui${S}:* pas encore de roulement (\`/webcare rotation\`).`
      : duty.status === "closed"
        ? `*Webcare aujourd’hui${S}:* fermé — aucun roulement ne couvre ce jour.`
        : duty.status === "gap" || !duty.onDuty
          ? `*Webcare aujourd’hui${S}:* personne — toutes les personnes du roulement sont absentes.`
          : `*Webcare aujourd’hui${S}:* ${mention(duty.onDuty)}${duty.coveredBy ? " (remplacement)" : duty.standIn && duty.scheduled ? ` (pendant l’absence de ${mention(duty.scheduled)})` : ""}`,
  nextDuty: (day: string) => `*Votre prochaine permanence webcare${S}:* ${day}`,
  nextDutyToday: `*Votre prochaine permanence webcare${S}:* aujourd’hui`,
  noNextDuty: `*Votre prochaine permanence webcare${S}:* aucune dans les 60${S}prochains jours.`,

  calendarHeader: "Les 7 prochains jours",
  calendarEmpty: "Rien d’approuvé ni en attente n’est prévu dans les 7 prochains jours.",
  calendarMore: (count: number) => `…et ${num(count)} de plus — voir \`/calendar\``,
  calendarMoreOnDay: (count: number) => `…et ${num(count)} de plus ce jour-là`,

  waitingHeader: "Ce qui vous attend",
  nothingWaiting: "Rien ne vous attend.",
  toDecide: (count: number) =>
    `*À décider (${num(count)})* — les demandes sont dans vos messages avec Greenlight${S}:`,
  decideLine: (id: number, when: string, proposerId: string, excerpt: string) =>
    `• n°${S}${id} · ${when} · ${mention(proposerId)} — «${S}${excerpt}${S}»`,
  toIllustrate: (count: number) =>
    `*À illustrer (${num(count)})* — cliquez sur *Ajouter un visuel* dans la demande reçue en message${S}:`,
  illustrateLine: (id: number, when: string, excerpt: string) =>
    `• n°${S}${id} · ${when} — «${S}${excerpt}${S}»`,
  toCover: (count: number) =>
    `*Remplacements que vous pouvez prendre (${num(count)})* — cliquez sur *Je remplace* dans la demande${S}:`,
  coverLine: (day: string, askerId: string) => `• ${day}, demandé par ${mention(askerId)}`,
  yourPending: (count: number) =>
    `*Vos propositions en attente de l’approbateur${S}:* ${count === 0 ? "aucune" : num(count)}`,
  more: (count: number) => `…et ${num(count)} de plus`,

  suggestionsHeader: "Suggestions ouvertes",
  noSuggestions:
    "Aucune suggestion ouverte. Tout le monde peut en ajouter avec `/suggest &lt;url&gt; [pourquoi]`.",
  suggestionLine: (id: number, link: string, suggestedBy: string, day: string) =>
    `*n°${S}${id}* ${link}\nSuggérée par ${mention(suggestedBy)} le ${day}`,
  suggestionWhy: (why: string) => `«${S}${escapeText(why)}${S}»`,
  suggestionsMore: (count: number) =>
    `…et ${num(count)} de plus${S}: proposez ou écartez d’abord celles-ci pour voir les autres.`,
  proposeThis: "Proposer",
  dismiss: "Écarter",

  dismissed: (id: number) => `Suggestion n°${S}${id} écartée.`,
  alreadyProposed: (id: number, by: string | null) =>
    `La suggestion n°${S}${id} a déjà été proposée${by ? ` par ${mention(by)}` : ""}.`,
  alreadyDismissed: (id: number, by: string | null) =>
    `La suggestion n°${S}${id} a déjà été écartée${by ? ` par ${mention(by)}` : ""}.`,
  unknownSuggestion: "Cette suggestion n’existe plus.",
  notAllowed: "Seuls les créateurs et les responsables proposent ou écartent les suggestions.",
  proposeAgain: "cliquer de nouveau sur *Proposer*",
  footer: "Mis à jour à chaque ouverture de cet onglet. Heures dans le fuseau horaire de l’équipe.",
};
