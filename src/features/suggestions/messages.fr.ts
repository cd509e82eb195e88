import { formatNumber } from "../../i18n/format.ts";
import { escapeText } from "../../slack/text.ts";
import type { SuggestionsMessages } from "./messages.en.ts";

const usage =
  "Utilisation\u00a0: `/suggest &lt;url&gt; [pourquoi]` — suggérer un lien à publier\u00a0; les créateurs et les responsables le trouvent dans l’onglet Accueil de Greenlight.";

/** /suggest en français (mêmes clés que messages.en.ts). */
export const fr: SuggestionsMessages = {
  usage,
  badUrl: (given: string) =>
    `${usage}\n«\u00a0${escapeText(given)}\u00a0» n’est pas une adresse que Greenlight peut suggérer\u00a0: écrivez une adresse publique complète commençant par https://, par exemple \`/suggest https://example.com/article Parfait pour vendredi\`.`,
  whyTooLong: (max: number, length: number) =>
    `${usage}\nLa raison contient au plus ${formatNumber("fr", max)}\u00a0caractères (la vôtre en a ${formatNumber("fr", length)}).`,
  saved: (id: number, url: string) =>
    `Merci\u00a0! Suggestion n°\u00a0${id} enregistrée\u00a0: ${escapeText(url)}\nLes créateurs et les responsables la voient dans l’onglet Accueil de Greenlight, avec un bouton pour la proposer.`,
  closedMeanwhile: (id: number, proposed: boolean) =>
    `La suggestion n°\u00a0${id} a été ${proposed ? "proposée par quelqu’un d’autre" : "écartée"} pendant que ce formulaire était ouvert, donc rien n’a été enregistré. Fermez le formulaire\u00a0; pour proposer votre propre publication, utilisez /propose.`,
};
