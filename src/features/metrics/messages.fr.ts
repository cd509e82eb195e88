import { formatList, formatNumber, plural } from "../../i18n/format.ts";
import { channelLink, escapeText, mention } from "../../slack/text.ts";
import { PLATFORMS } from "../proposals/validation.ts";
import type { GoalFigure, GoalKind, TargetProblem } from "./goals.ts";
import type { MetricsMessages } from "./messages.en.ts";

const LOGGABLE_NAMES = [...PLATFORMS.map((platform) => platform.id), "webcare"].join(", ");
// Les noms des chiffres sont ceux que l’on tape dans la commande : ils restent tels quels.
const FIGURE_NAMES =
  "reach, impressions, engagements, clicks, conversions, followers, engagement-rate, ctr, conversion-rate\u00a0; pour le webcare\u00a0: response-time, satisfaction";
const GOAL_USAGE =
  "Utilisation\u00a0: /metrics goal &lt;plateforme&gt; &lt;chiffre&gt; &lt;objectif&gt;";

const TARGET_PROBLEMS: Record<GoalKind, Record<TargetProblem, string>> = {
  count: {
    "not-a-number": "n’est pas un nombre entier (ex. 5\u202f000).",
    "not-whole": "n’est pas un nombre entier (ex. 5\u202f000).",
    "out-of-range": "est trop grand.",
  },
  rate: {
    "not-a-number": "n’est pas un pourcentage (ex. `3,5 %` ou `3.5%`).",
    "not-whole": "n’est pas un pourcentage (ex. `3,5 %` ou `3.5%`).",
    "out-of-range": "n’est pas un pourcentage compris entre 0 et 100.",
  },
  minutes: {
    "not-a-number": "n’est pas un nombre de minutes (ex. 30).",
    "not-whole": "n’est pas un nombre entier de minutes (ex. 30).",
    "out-of-range": "n’est pas un nombre de minutes d’au moins 1.",
  },
  score: {
    "not-a-number": "n’est pas une note de 1 à 5 (ex. 4,5).",
    "not-whole": "n’est pas une note de 1 à 5 (ex. 4,5).",
    "out-of-range": "n’est pas une note de 1 à 5.",
  },
};

const figureLabels = {
  reach: "Portée",
  impressions: "Impressions",
  engagements: "Engagements",
  clicks: "Clics",
  conversions: "Conversions",
  followersGained: "Abonnés gagnés",
};

const goalFigureLabels: Record<GoalFigure, string> = {
  reach: "portée",
  impressions: "impressions",
  engagements: "engagements",
  clicks: "clics",
  conversions: "conversions",
  followers: "abonnés gagnés",
  "engagement-rate": "taux d’engagement",
  ctr: "taux de clics",
  "conversion-rate": "taux de conversion",
  "response-time": "temps de première réponse",
  satisfaction: "satisfaction",
};

const n = (value: number) => formatNumber("fr", value);
/** « la dernière semaine », « les 12 dernières semaines ». */
const lastWeeks = (count: number) =>
  plural("fr", count, { one: "la dernière semaine", other: `les ${n(count)} dernières semaines` });

/** Les textes des chiffres en français : mêmes clés que messages.en.ts, le compilateur y veille. */
export const fr: MetricsMessages = {
  usage:
    "Utilisation\u00a0: /metrics log · /metrics digest · /metrics goals · /metrics goal &lt;plateforme&gt; &lt;chiffre&gt; &lt;objectif|off&gt; · /metrics export [semaines] · /metrics subscribe #canal · /metrics unsubscribe #canal",
  goalUsage: `${GOAL_USAGE} (par exemple \`/metrics goal linkedin engagement-rate 3,5 %\`), ou \`/metrics goal &lt;plateforme&gt; &lt;chiffre&gt; off\`. Chiffres\u00a0: ${FIGURE_NAMES}.`,
  unknownPlatform: (given: string) =>
    `${GOAL_USAGE} — «\u00a0${escapeText(given)}\u00a0» n’est pas une plateforme. Plateformes\u00a0: ${LOGGABLE_NAMES}.`,
  unknownFigure: (given: string) =>
    `${GOAL_USAGE} — «\u00a0${escapeText(given)}\u00a0» n’est pas un chiffre. Chiffres\u00a0: ${FIGURE_NAMES}.`,
  figureNotForPlatform: (label: string, figure: GoalFigure, webcare: boolean) =>
    webcare
      ? `Utilisation\u00a0: /metrics goal webcare &lt;response-time|satisfaction&gt; &lt;objectif&gt; — ${label} n’a pas de chiffre \`${figure}\`.`
      : `${GOAL_USAGE} — \`${figure}\` est un chiffre du webcare, pas de ${label}\u00a0: utilisez \`/metrics goal webcare ${figure} …\`.`,
  badTarget: (figure: GoalFigure, given: string, kind: GoalKind, problem: TargetProblem) =>
    `Utilisation\u00a0: /metrics goal &lt;plateforme&gt; ${figure} &lt;objectif&gt; — «\u00a0${escapeText(given)}\u00a0» ${TARGET_PROBLEMS[kind][problem]}`,
  badExportWeeks: (given: string, max: number) =>
    `Utilisation\u00a0: /metrics export [semaines] — «\u00a0${escapeText(given)}\u00a0» n’est pas un nombre de semaines de 1 à ${n(max)} (52 par défaut).`,
  notAChannel: (verb: "subscribe" | "unsubscribe", given: string) =>
    `Utilisation\u00a0: /metrics ${verb} #canal — «\u00a0${escapeText(given)}\u00a0» n’est pas un canal\u00a0: choisissez-le avec #.`,
  logDenied:
    "Seuls les responsables, les analystes et les administrateurs de l’espace de travail peuvent enregistrer des chiffres. Demandez le rôle *analyste* à un responsable (`/role assign @vous analyste`).",
  subscribeDenied:
    "Seuls les responsables et les administrateurs de l’espace de travail choisissent où le bilan hebdomadaire est publié.",
  goalDenied:
    "Seuls les responsables, les analystes et les administrateurs de l’espace de travail peuvent fixer des objectifs. Demandez le rôle *analyste* à un responsable (`/role assign @vous analyste`).",

  goalSet: (label: string, figure: GoalFigure, target: string, previous: string | null) =>
    previous === null
      ? `Objectif fixé pour *${label}*\u00a0: ${goalFigureLabels[figure]} ${target} par semaine. Le bilan hebdomadaire indiquera s’il est atteint.`
      : `Objectif modifié pour *${label}*\u00a0: ${goalFigureLabels[figure]} ${target} par semaine (auparavant ${previous}).`,
  goalRemoved: (label: string, figure: GoalFigure) =>
    `Objectif supprimé pour *${label}*\u00a0: ${goalFigureLabels[figure]}.`,
  goalNotSet: (label: string, figure: GoalFigure) =>
    `*${label}* n’a pas d’objectif de ${goalFigureLabels[figure]}. Rien n’a changé.`,
  goalsTitle: "*Objectifs hebdomadaires*",
  goalsCount: (count: number) => `Objectifs hebdomadaires\u00a0: ${n(count)}`,
  goalLine: (label: string, figure: GoalFigure, target: string) =>
    `• *${label}* ${goalFigureLabels[figure]} (\`${figure}\`) ${target}`,
  noGoals:
    "Aucun objectif pour l’instant. Un responsable ou un analyste en fixe un avec `/metrics goal <plateforme> <chiffre> <objectif>`, par exemple `/metrics goal linkedin engagement-rate 3,5 %`.",
  goalsFooter:
    "Modifiez-en un avec `/metrics goal <plateforme> <chiffre> <objectif>`, supprimez-le avec `… off`.",
  atLeast: (value: string) => `au moins ${value}`,
  atMost: (value: string) => `au plus ${value}`,

  exportNothing: (count: number) =>
    `Aucun chiffre n’a été enregistré pendant ${lastWeeks(count)}\u00a0: il n’y a rien à exporter.`,
  exportTitle: (count: number) =>
    `Chiffres Greenlight, ${plural("fr", count, { one: "dernière semaine", other: `${n(count)} dernières semaines` })}`,
  exportComment: (count: number, rows: number) =>
    `Votre export\u00a0: tous les chiffres de ${lastWeeks(count)}, ${n(rows)} ${plural("fr", rows, { one: "ligne", other: "lignes" })} (une par plateforme et par semaine), taux compris.`,
  exportSent: "Votre export CSV se trouve dans vos messages directs avec Greenlight.",
  exportFailed: (code: string) =>
    `L’export n’a pas pu être envoyé (réponse de Slack\u00a0: \`${code}\`). Rien n’a été partagé\u00a0; réessayez dans un instant.`,

  logAgain: "relancer `/metrics log`",
  modalTitle: "Chiffres de la semaine",
  submit: "Enregistrer",
  close: "Annuler",
  submitNext: "Enregistrer et suivant",
  done: "Terminé",
  savedInModal: (label: string, week: string) =>
    `✅ Chiffres *${label}* enregistrés pour la semaine du ${week}. Saisissez ci-dessous la plateforme suivante de cette semaine, ou cliquez sur *Terminé*.`,
  alreadyLogged: (week: string, entries: string[]) =>
    `Déjà enregistré pour la semaine du ${week}\u00a0: ${entries.join(", ")}.`,
  intro:
    "Une plateforme, une semaine (du lundi au dimanche). Remplissez ce que vous avez\u00a0; un champ vide apparaît comme «\u00a0pas de données\u00a0» dans le bilan. Enregistrer de nouveau la même plateforme et la même semaine remplace les chiffres.",
  platformLabel: "Plateforme",
  platformPlaceholder: "Choisissez une plateforme",
  webcareOption: "Webcare (relation client)",
  weekLabel: "Semaine",
  weekHint:
    "N’importe quel jour de la semaine convient\u00a0: les chiffres sont rangés dans la semaine (du lundi au dimanche) qui contient ce jour.",
  socialHeader: "*Chiffres des réseaux sociaux* — laissez vide pour le webcare",
  webcareHeader: "*Chiffres du webcare* — uniquement pour le webcare",
  fieldLabels: {
    ...figureLabels,
    responseMinutes: "Temps médian de première réponse (minutes)",
    satisfaction: "Satisfaction (1 à 5)",
  },
  placeholders: {
    count: "ex. 12\u202f345",
    followers: "ex. 42, ou −120 en cas de baisse",
    minutes: "ex. 30",
    score: "ex. 4,5",
  },

  pickPlatform: "Choisissez une plateforme, ou le webcare.",
  pickWeek: "Choisissez un jour de la semaine concernée.",
  futureWeek: "Cette semaine n’a pas encore commencé.",
  wholeNumber: "Un nombre entier, 0 ou plus (ex. 12345 ou 12\u202f345).",
  signedWholeNumber: "Un nombre entier, négatif en cas de baisse (ex. 42 ou −120).",
  tooLarge: "Ce nombre est trop grand.",
  satisfactionRange: "Une note de 1 à 5 (ex. 4,5).",
  clicksOverImpressions: "Les clics ne peuvent pas dépasser les impressions.",
  conversionsOverClicks: "Les conversions ne peuvent pas dépasser les clics.",
  notForWebcare:
    "Le webcare ne prend que le temps de réponse et la satisfaction\u00a0: laissez ce champ vide.",
  onlyForWebcare: "Uniquement pour le webcare\u00a0: laissez ce champ vide pour un réseau social.",
  nothingEntered: "Saisissez au moins un chiffre.",

  logged: (label: string, week: string) =>
    `Chiffres *${label}* enregistrés pour la semaine du ${week}.`,
  replaced: (label: string, week: string, previousBy: string) =>
    `Les chiffres *${label}* de la semaine du ${week} (enregistrés auparavant par ${mention(previousBy)}) sont remplacés par ceux que vous venez de saisir.`,
  figureValue: (label: string, value: string) => `${label}\u00a0: ${value}`,

  subscribed: (channelId: string) =>
    `Le bilan hebdomadaire sera publié dans ${channelLink(channelId)}. Un canal ajouté après l’heure du bilan de cette semaine reçoit son premier bilan la semaine prochaine.`,
  alreadySubscribed: (channelId: string) =>
    `${channelLink(channelId)} reçoit déjà le bilan hebdomadaire. Rien n’a changé.`,
  inviteFirst: (channelId: string) =>
    `${channelLink(channelId)} est privé, et je ne peux publier que là où je suis membre. Invitez-moi avec \`/invite @Greenlight\`, puis relancez \`/metrics subscribe\`. Rien n’a été enregistré.`,
  cannotSee: (channelId: string) =>
    `Je ne vois pas ${channelLink(channelId)}. S’il s’agit d’un canal privé, invitez-moi d’abord avec \`/invite @Greenlight\`, puis relancez \`/metrics subscribe\`. Rien n’a été enregistré.`,
  archived: (channelId: string) =>
    `${channelLink(channelId)} est archivé\u00a0: on ne peut plus y publier. Rien n’a été enregistré.`,
  cannotJoin: (channelId: string, code: string) =>
    `Je n’ai pas pu rejoindre ${channelLink(channelId)} (réponse de Slack\u00a0: \`${code}\`). Invitez-moi avec \`/invite @Greenlight\` et réessayez. Rien n’a été enregistré.`,
  unsubscribed: (channelId: string) =>
    `${channelLink(channelId)} ne recevra plus le bilan hebdomadaire.`,
  notSubscribed: (channelId: string) =>
    `${channelLink(channelId)} ne reçoit pas le bilan hebdomadaire. Rien n’a changé.`,

  previewNoChart:
    "Pas de graphique dans cet aperçu\u00a0: aucune plateforme n’a de chiffres sur les 8 dernières semaines.",
  previewChartFailed:
    "Pas de graphique dans cet aperçu\u00a0: il n’a pas pu être dessiné ou envoyé pour l’instant. Le bilan hebdomadaire réessaiera au moment de sa publication.",

  values: {
    noData: "pas de données",
    new: "nouveau",
    same: "=",
    points: (value: string) => `${value}\u00a0pt`,
    score: (value: string) => `${value}\u00a0/\u00a05`,
    minutes: (value: string) => `${value}\u00a0min`,
    hours: (value: string) => `${value}\u00a0h`,
    days: (value: string) => `${value}\u00a0j`,
  },

  digest: {
    title: (range: string) => `Bilan hebdomadaire · ${range}`,
    subtitle: (previousRange: string) =>
      `Chiffres des réseaux sociaux, objectifs, circuit de validation et webcare de la semaine. ▲/▼\u00a0: évolution par rapport à la semaine précédente (${previousRange}).`,
    goalsMet: (met: number, total: number) =>
      `${n(met)} ${plural("fr", met, { one: "objectif atteint", other: "objectifs atteints" })} sur ${n(total)}`,
    noPlatformHeadline: "Aucun chiffre de plateforme enregistré cette semaine",
    noMovesHeadline: "Aucun chiffre n’a bougé par rapport à la semaine précédente",
    goalsHeading: "*Objectifs*",
    goalFigureLabels,
    goalLine: (
      mark: string,
      label: string,
      figure: string,
      actual: string,
      target: string,
      status: string,
    ) => `${mark} *${label}* ${figure}\u00a0: ${actual} (objectif ${target}) — ${status}`,
    goalStatus: { met: "atteint", missed: "manqué", "no-data": "pas de données" },
    moreGoals:
      "Trop d’objectifs pour un seul message\u00a0: retrouvez-les tous avec `/metrics goals`.",
    move: (label: string, figure: string, change: string) => `${label} ${figure} ${change}`,
    chartTitle: "8 dernières semaines\u00a0: taux d’engagement et portée par plateforme",
    platformColumn: "Plateforme",
    columnLabels: {
      reach: "Portée",
      impressions: "Impressions",
      engagements: "Engagements",
      clicks: "Clics",
      conversions: "Conversions",
      followersGained: "Abonnés",
      engagementRate: "Tx d’engag.",
      ctr: "Tx de clics",
      conversionRate: "Tx de conv.",
    },
    workflowLine: (w: {
      proposed: number;
      approved: number;
      selfApproved: number;
      rejected: number;
      changesRequested: number;
      medianDecision: string;
      approvalRate: string;
      stillPending: number;
    }) => {
      const count = (value: number, one: string, other: string) =>
        `${n(value)} ${plural("fr", value, { one, other })}`;
      const self =
        w.selfApproved > 0
          ? ` (dont ${count(w.selfApproved, "par l’approbateur lui-même", "par l’approbateur lui-même")})`
          : "";
      return `*Circuit de validation*  ${count(w.proposed, "proposition", "propositions")} · ${count(w.approved, "approuvée", "approuvées")}${self} · ${count(w.rejected, "refusée", "refusées")} · ${count(w.changesRequested, "renvoyée pour modifications", "renvoyées pour modifications")} · délai médian de décision ${w.medianDecision} · taux d’approbation ${w.approvalRate} · ${n(w.stillPending)} toujours en attente`;
    },
    webcareLine: (covered: string, response: string, satisfaction: string) =>
      `*Webcare*  jours couverts ${covered} · première réponse médiane ${response} · satisfaction ${satisfaction}`,
    daysCoveredValue: (
      covered: number,
      uncovered: number,
      uncoveredDays: readonly string[],
      closedDays: readonly string[],
    ) => {
      const open = covered + uncovered;
      if (open === 0) return "aucun, aucun roulement cette semaine";
      const notes: string[] = [];
      if (uncovered > 0) {
        const days =
          uncoveredDays.length > 0 && uncovered < 7
            ? `\u00a0: ${formatList("fr", uncoveredDays)}`
            : "";
        notes.push(`${n(uncovered)} sans personne de permanence${days}`);
      }
      if (closedDays.length > 0) notes.push(`fermé ${formatList("fr", closedDays)}`);
      const value = `${n(covered)} sur ${n(open)}`;
      return notes.length === 0 ? value : `${value} (${notes.join("\u00a0; ")})`;
    },
    slower: "plus lente",
    faster: "plus rapide",
    figureLabels,
    noPlatformFigures:
      "Aucun chiffre de plateforme n’a été enregistré cette semaine ni la précédente. Saisissez-les avec `/metrics log`.",
    noDataFor: (labels: string[]) => `Pas de données cette semaine pour ${labels.join(", ")}.`,
    more: (count: number) =>
      `…et ${n(count)} ${plural("fr", count, { one: "autre plateforme", other: "autres plateformes" })} avec des chiffres.`,
    footer:
      "Les chiffres s’enregistrent avec `/metrics log`, les objectifs se fixent avec `/metrics goal`. Taux\u00a0: engagement = engagements / impressions, clics = clics / impressions, conversion = conversions / clics.",
    fallback: (range: string, parts: string[]) =>
      `Bilan hebdomadaire ${range}\u00a0: ${parts.join("\u00a0; ")}.`,
    fallbackWorkflow: (proposed: number, approved: number, rejected: number, pending: number) =>
      `${n(proposed)} ${plural("fr", proposed, { one: "proposition", other: "propositions" })}, ${n(approved)} ${plural("fr", approved, { one: "approuvée", other: "approuvées" })}, ${n(rejected)} ${plural("fr", rejected, { one: "refusée", other: "refusées" })}, ${n(pending)} toujours en attente`,
    fallbackWebcare: (covered: number, open: number) =>
      open === 0
        ? "webcare fermé toute la semaine"
        : `webcare assuré ${n(covered)} ${plural("fr", covered, { one: "jour", other: "jours" })} sur ${n(open)}`,
    fallbackPlatforms: (count: number) =>
      count === 0
        ? "aucun chiffre de plateforme"
        : `chiffres de ${n(count)} ${plural("fr", count, { one: "plateforme", other: "plateformes" })}`,
  },

  chart: {
    title: "Graphique du bilan hebdomadaire Greenlight",
    engagementRate: "Taux d’engagement",
    reach: "Portée",
    weeksRange: (first: string, last: string) => `semaines du ${first} au ${last}`,
    altPanel: (title: string, range: string, series: string[]) =>
      `${title}, ${range}\u00a0: ${series.join("\u00a0; ")}.`,
  },
};
