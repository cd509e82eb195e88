import { escapeText } from "../../slack/text.ts";
import type { Lang } from "../../i18n/lang.ts";
import type { SettingsMessages } from "./messages.en.ts";

const languageNames: Record<Lang, string> = { en: "anglais", fr: "français" };

/** `/greenlight` (aide, réglages, langue) en français. */
export const fr: SettingsMessages = {
  usage:
    "Utilisation : /greenlight help · /greenlight settings · /greenlight language [fr|en|auto]",
  denied:
    "Seuls les responsables et les administrateurs de l’espace de travail peuvent modifier les réglages de l’équipe.",
  settingsAgain: "relancer `/greenlight settings`",
  modalTitle: "Réglages de l’équipe",
  submit: "Enregistrer",
  close: "Annuler",
  timezoneLabel: "Fuseau horaire",
  timezoneHint:
    "Un nom IANA, par exemple Europe/Paris ou America/Montreal. Les heures de publication, la relève du webcare et le bilan le suivent.",
  digestDayLabel: "Jour du bilan hebdomadaire",
  digestTimeLabel: "Heure du bilan hebdomadaire",
  languageLabel: "Langue des messages dans les canaux",
  languageHint:
    "Les bilans, les annonces de permanence et les demandes de remplacement sont publiés dans cette langue. Chacun lit ses propres messages dans la langue de son Slack.",
  languageNames,
  badTimezone: (given: string) =>
    `« ${escapeText(given)} » n’est pas un fuseau horaire connu. Indiquez un nom IANA comme Europe/Paris, America/Montreal ou UTC.`,
  badDay: "Choisissez un jour de la semaine.",
  badTime: "Choisissez une heure.",
  badLanguage: "Choisissez une langue.",
  saved: (timezone: string, day: string, time: string, language: Lang) =>
    `Réglages enregistrés : fuseau horaire *${escapeText(timezone)}*, bilan hebdomadaire le *${day}* à *${time}*, messages des canaux en *${languageNames[language]}*.`,

  languageUsage:
    "Utilisation : /greenlight language [fr|en|auto] — fr : français, en : anglais, auto : la langue de votre Slack.",
  languageNow: (language: Lang, chosen: boolean) =>
    chosen
      ? `Greenlight vous parle en *${languageNames[language]}*, comme vous l’avez choisi. \`/greenlight language auto\` suit de nouveau la langue de votre Slack.`
      : `Greenlight vous parle en *${languageNames[language]}*, la langue de votre Slack. Pour en changer : \`/greenlight language fr\` ou \`/greenlight language en\`.`,
  languageChosen:
    "Désormais, Greenlight vous parle en *français*, quelle que soit la langue de votre Slack.",
  languageAuto: (language: Lang) =>
    `Greenlight suit de nouveau la langue de votre Slack : *${languageNames[language]}*.`,

  helpTitle: "Greenlight — toutes les commandes",
  helpFallback:
    "Commandes de Greenlight : /propose, /role, /calendar, /webcare, /metrics, /greenlight",
  helpFooter: "Les réponses aux commandes ne sont visibles que par vous.",
  helpSections: [
    [
      "*Publications*",
      "`/propose [texte]` — proposer une publication : texte, plateformes, date de publication, objectif. Elle part chez l’approbateur.",
      "`/calendar [week|month]` — les publications approuvées et en attente des 7 ou 30 prochains jours.",
      "`/suggest &lt;url&gt; [pourquoi]` — suggérer un contenu à publier ; les créateurs et les responsables le trouvent dans l’onglet Accueil de Greenlight.",
    ],
    [
      "*Rôles*",
      "`/role` ou `/role list` — qui a quel rôle, l’approbateur en premier.",
      "`/role assign @personne &lt;rôle&gt;` · `/role unassign @personne &lt;rôle&gt;` — rôles : responsable, créateur, designer, approbateur, curateur, analyste, webcare. Un seul approbateur par espace de travail ; les responsables et les administrateurs modifient les rôles.",
    ],
    [
      "*Webcare*",
      "`/webcare` ou `/webcare who [AAAA-MM-JJ]` — qui répond au public aujourd’hui (ou ce jour-là).",
      "`/webcare schedule [jours]` — les 14 prochains jours de permanence (60 au plus).",
      "`/webcare rotation @a @b @c [at HH:MM] [in #canal]` — le roulement, l’heure de la passation et le canal de permanence.",
      "`/webcare cover @personne AAAA-MM-JJ` — quelqu’un assure la permanence ce jour-là.",
    ],
    [
      "*Statistiques*",
      "`/metrics log` — saisir les chiffres d’une plateforme pour une semaine.",
      "`/metrics digest` — le bilan de la semaine écoulée, visible par vous seul.",
      "`/metrics subscribe #canal` · `/metrics unsubscribe #canal` — où le bilan hebdomadaire est publié.",
    ],
    [
      "*Équipe*",
      "`/greenlight settings` — fuseau horaire, jour et heure du bilan, langue des messages dans les canaux (responsables).",
      "`/greenlight language [fr|en|auto]` — la langue dans laquelle Greenlight vous parle (français, anglais ou celle de votre Slack).",
      "`/greenlight guidelines [edit]` — la charte de l’équipe : ton, voix, visuels, à faire et à éviter (les responsables la modifient).",
      "`/greenlight help` — cette liste.",
    ],
  ],
};
