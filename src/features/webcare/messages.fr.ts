import { countOf, formatDay, formatFor, formatList } from "../../i18n/format.ts";
import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { channelLink, escapeText, mention } from "../../slack/text.ts";
import type { ChannelProblem, RotationSet, WebcareMessages } from "./messages.en.ts";
import { MAX_SCHEDULE_DAYS, type UsageProblem, type WebcareVerb } from "./parse.ts";

/**
 * « Permanence webcare » for the duty, « roulement » for the rotation,
 * « remplacement » for a cover, « passation » for the hand-over: one word
 * each, everywhere. The command words (`who`, `at`, `in`, `weekdays`…) are
 * what the parser reads, so they stay as typed.
 */
const USAGE: Record<WebcareVerb, string> = {
  who: "/webcare who [AAAA-MM-JJ]",
  schedule: `/webcare schedule [jours] (1 à ${MAX_SCHEDULE_DAYS}, 14 par défaut)`,
  rotation: "/webcare rotation @a @b … [at HH:MM] [in #canal] [weekdays]",
  weekend: "/webcare weekend @d @e … | /webcare weekend off",
  away: "/webcare away @personne AAAA-MM-JJ [AAAA-MM-JJ] | /webcare away",
  back: "/webcare back @personne",
  ask: "/webcare ask AAAA-MM-JJ",
  cover: "/webcare cover @personne AAAA-MM-JJ",
  group: "/webcare group @groupe | /webcare group off",
};

/** « lun. 23 nov. 2026 » : un jour du calendrier n’a pas besoin de fuseau. */
const day = (date: LocalDate) => formatDay("fr", date);
/** « lundi 23 novembre », pour les messages du jour même (rappel, annonce). */
const dayLong = (date: LocalDate) => formatFor("fr", "UTC").dayLong(date);
const who = (userId: string | null) => (userId ? mention(userId) : "personne");
const people = (userIds: readonly string[]) => formatList("fr", userIds.map(mention));
const askManagers = (managers: string[]) =>
  managers.length > 0 ? ` Adressez-vous à ${people(managers)}.` : "";
const nextDay = (date: LocalDate) => addDaysToLocalDate(date, 1);
const groupName = (handle: string) => (handle ? `@${escapeText(handle)}` : "(sans nom)");
const usage = `Utilisation : /webcare · ${Object.values(USAGE).join(" · ")}`;

function groupProblem(problem: string): string {
  switch (problem) {
    case "paid_teams_only":
      return "les groupes d’utilisateurs demandent une offre Slack payante.";
    case "permission_denied":
    case "not_allowed_token_type":
    case "no_permission":
      return "cet espace de travail ne laisse que certaines personnes (administrateurs ou propriétaires) modifier les groupes d’utilisateurs, et Greenlight n’en fait pas partie. Un administrateur peut le changer dans les réglages de l’espace de travail (Autorisations → Groupes d’utilisateurs).";
    case "no_such_subteam":
    case "subteam_not_found":
      return "le groupe d’utilisateurs n’existe plus.";
    case "missing_scope":
      return "Greenlight n’a pas l’autorisation `usergroups:write` : réinstallez l’application pour la lui donner.";
    default:
      return `réponse de Slack : \`${escapeText(problem)}\`.`;
  }
}

function usageReason(problem: UsageProblem): string | null {
  switch (problem.problem) {
    case "syntax":
    case "cover":
      return null;
    case "date":
      return `« ${escapeText(problem.given)} » n’est pas une date : écrivez-la AAAA-MM-JJ.`;
    case "days":
      return `« ${escapeText(problem.given)} » n’est pas un nombre de jours.`;
    case "tooManyDays":
      return `${MAX_SCHEDULE_DAYS} jours au plus (${problem.given} demandés).`;
    case "emptyRotation":
      return "nommez au moins une personne, dans l’ordre des permanences.";
    case "notAUser":
      return `« ${escapeText(problem.given)} » n’est pas une personne : mentionnez-la avec @.`;
    case "duplicate":
      return `${mention(problem.userId)} apparaît deux fois : nommez chaque personne une seule fois.`;
    case "time":
      return `« ${escapeText(problem.given)} » n’est pas une heure : écrivez-la HH:MM (sur 24 heures), par exemple 09:00.`;
    case "channel":
      return `« ${escapeText(problem.given)} » n’est pas un canal : choisissez-le avec #.`;
    case "dateOrder":
      return `le dernier jour (${problem.to}) précède le premier (${problem.from}).`;
    case "group":
      return `« ${escapeText(problem.given)} » n’est pas un groupe d’utilisateurs : choisissez-le avec @, par exemple @webcare.`;
  }
}

/** Tout ce que dit la fonction webcare, en français. */
export const fr: WebcareMessages = {
  usage,
  usageFor(verb: WebcareVerb | null, problem: UsageProblem): string {
    if (verb === null) return usage;
    const reason = usageReason(problem);
    return `Utilisation : ${USAGE[verb]}${reason ? ` — ${reason}` : ""}`;
  },
  noRotation:
    "Aucun roulement webcare pour l’instant. Un responsable le définit avec `/webcare rotation @a @b … [at HH:MM] [in #canal] [weekdays]`.",

  // who and schedule
  closedOn: (date, isToday) =>
    `${isToday ? "Aujourd’hui" : day(date)} : pas de permanence webcare — aucun roulement ne couvre ce jour.`,
  gapOn: (date, isToday, scheduled) =>
    `${isToday ? "Aujourd’hui" : day(date)} : *personne ne peut assurer la permanence* — tout le roulement est absent${scheduled ? ` (c’est le tour de ${mention(scheduled)})` : ""}. Un responsable peut organiser un remplacement : \`/webcare cover @personne ${date}\`.`,
  whoLine: (date, onDuty, note, isToday) =>
    `${isToday ? "Aujourd’hui" : day(date)} : ${mention(onDuty)} assure la permanence webcare${note ? ` ${note}` : ""}.`,
  whoContext: (handedOverBy, next) =>
    `Précédemment : ${who(handedOverBy)} · ensuite : ${who(next)}`,
  coverNote: "(remplacement)",
  standInNote: (scheduled) =>
    scheduled ? `(pendant l’absence de ${mention(scheduled)})` : "(pendant une absence)",
  scheduleHeader: (days) =>
    `Permanences webcare, ${countOf("fr", days, "prochain jour", "prochains jours")}`,
  scheduleLine: (date, entry, isToday) => `${isToday ? "*Aujourd’hui*" : day(date)} — ${entry}`,
  scheduleClosed: "_fermé_",
  scheduleGap: (scheduled) =>
    `*personne — tout le monde est absent*${scheduled ? ` (tour de ${mention(scheduled)})` : ""}`,
  scheduleCover: (userId) => `${mention(userId)} _(remplacement)_`,
  scheduleStandIn: (userId, scheduled) =>
    `${mention(userId)} _(${scheduled ? `absence de ${mention(scheduled)}` : "pendant une absence"})_`,
  scheduleFooter: (time, timezone, channelId) =>
    `Passation à ${time} (${escapeText(timezone)})${channelId ? `, annoncée dans ${channelLink(channelId)}` : ""}.`,

  // permissions and people
  deniedRotation: (managers) =>
    `Seuls les responsables et les administrateurs de l’espace de travail définissent les roulements webcare.${askManagers(managers)}`,
  deniedCover: (onDuty, managers) =>
    `Un remplacement se décide par un responsable, par la personne de permanence ce jour-là${onDuty ? ` (${mention(onDuty)})` : ""} ou par la personne qui la reprend (\`/webcare cover @vous AAAA-MM-JJ\`).${askManagers(managers)}`,
  coverTaken: (holder, date, managers) =>
    `${mention(holder)} remplace déjà le ${day(date)}. Seuls ${mention(holder)} ou un responsable peuvent confier ce jour à quelqu’un d’autre.${askManagers(managers)}`,
  deniedAway: (managers) =>
    `Vous pouvez déclarer votre propre absence (\`/webcare away @vous AAAA-MM-JJ [AAAA-MM-JJ]\`) ; celle des autres, c’est un responsable qui la déclare.${askManagers(managers)}`,
  deniedGroup: (managers) =>
    `Seuls les responsables et les administrateurs de l’espace de travail associent le groupe d’utilisateurs webcare.${askManagers(managers)}`,
  isBot: (userId) =>
    `${mention(userId)} est un bot ou une application : la permanence webcare est assurée par des personnes.`,
  isDeleted: (userId) =>
    `${mention(userId)} a quitté cet espace de travail (compte désactivé) : la permanence webcare est assurée par ses membres actuels.`,
  isUnknown: (userId) => `Je ne trouve pas ${mention(userId)} dans cet espace de travail.`,

  // rotations
  rotationSet: (input: RotationSet) =>
    [
      `Roulement webcare ${input.replaced ? "remplacé" : "défini"} à partir du ${day(input.startDate)} : ${input.members.map(mention).join(" → ")}, ${input.weekdaysOnly ? "du lundi au vendredi" : input.hasWeekend ? "tous les jours (le week-end revient au roulement du week-end)" : "tous les jours"}.`,
      `Passation à ${input.time} (${escapeText(input.timezone)})${input.firstDay ? ` ; ${mention(input.members[0] ?? "")} est de permanence ${input.firstDay === input.startDate ? "aujourd’hui" : `à partir du ${day(input.firstDay)}`}` : ""}.`,
      input.channelId
        ? `La permanence est annoncée dans ${channelLink(input.channelId)}.`
        : "Pas de canal de permanence : ajoutez `in #canal` pour l’y annoncer.",
      input.weekdaysOnly && !input.hasWeekend
        ? "Le week-end est fermé ; `/webcare weekend @d @e …` ajoute un roulement pour le week-end."
        : "",
    ]
      .filter(Boolean)
      .join(" "),
  rotationChannel: (channelId: string, problem: ChannelProblem, detail: string) =>
    ({
      private: `Je ne suis pas membre de ${channelLink(channelId)}, un canal privé : je ne pourrais pas y annoncer la permanence. Invitez-moi d’abord (\`/invite @Greenlight\` dans ce canal), puis définissez de nouveau le roulement. Rien n’a changé.`,
      archived: `${channelLink(channelId)} est archivé : je ne peux pas y annoncer la permanence. Choisissez un autre canal. Rien n’a changé.`,
      unseen: `Je ne vois pas ${channelLink(channelId)}. S’il s’agit d’un canal privé, invitez-moi d’abord (\`/invite @Greenlight\` dans ce canal), puis définissez de nouveau le roulement. Rien n’a changé.`,
      other: `Slack ne me laisse pas rejoindre ${channelLink(channelId)} (\`${escapeText(detail)}\`). Invitez-moi avec \`/invite @Greenlight\` dans ce canal, puis définissez de nouveau le roulement. Rien n’a changé.`,
    })[problem],
  weekendSet: (members, firstSaturday, replaced) =>
    `Roulement du week-end ${replaced ? "remplacé" : "défini"} : ${members.map(mention).join(" → ")}, une personne par week-end (samedi et dimanche), en commençant par ${mention(members[0] ?? "")} le ${day(firstSaturday)}.`,
  weekendOff: (weekendsClosed) =>
    `Roulement du week-end supprimé.${weekendsClosed ? " Le week-end est fermé : personne n’est de permanence ni prévenu." : " Le roulement principal couvre de nouveau le week-end."}`,
  weekendAlreadyOff: "Il n’y a pas de roulement du week-end à supprimer.",
  raceLost: "Quelqu’un a modifié le roulement webcare au même moment. Rien n’a changé ; réessayez.",

  // absences
  awaySet: (userId, from, to, changes) =>
    [
      `Absence de ${mention(userId)} enregistrée ${from === to ? `le ${day(from)}` : `du ${day(from)} au ${day(to)}`}.`,
      changes.length > 0
        ? `Ses jours de permanence :\n${changes.join("\n")}`
        : "Aucune permanence prévue ces jours-là.",
    ].join(" "),
  awayChange: (date, onDuty) =>
    `• ${day(date)} → ${onDuty ? mention(onDuty) : "*personne : tout le monde est absent* (les responsables sont prévenus)"}`,
  awayStillCovers: (dates) =>
    `Ce remplacement tient toujours : ${dates.map(day).join(", ")}. Un remplacement l’emporte sur une absence : demandez à être remplacé (\`/webcare ask AAAA-MM-JJ\`) ou faites-le modifier par un responsable.`,
  awayPast: (to, today) =>
    `Utilisation : ${USAGE.away} — le ${day(to)} est passé (nous sommes le ${day(today)}).`,
  backDone: (userId, changed) =>
    changed > 0
      ? `${mention(userId)} est de retour : ses absences à partir d’aujourd’hui sont effacées.`
      : `${mention(userId)} n’a aucune absence à partir d’aujourd’hui.`,
  absencesHeader: "Absences à venir",
  absencesNone: "Aucune absence enregistrée à partir d’aujourd’hui.",
  absenceLine: (userId, from, to) =>
    `• ${mention(userId)} : ${from === to ? day(from) : `du ${day(from)} au ${day(to)}`}`,

  // covers
  coverPast: (date, today) =>
    `Utilisation : ${USAGE.cover} — le ${day(date)} est passé (nous sommes le ${day(today)}).`,
  coverClosed: (date) =>
    `Pas de permanence webcare le ${day(date)} (aucun roulement ne le couvre) : il n’y a rien à remplacer.`,
  coverAway: (userId, date) =>
    `${mention(userId)} a une absence enregistrée le ${day(date)} et ne peut donc pas assurer ce remplacement. \`/webcare back @personne\` efface une absence.`,
  coverSet: (userId, date, instead) =>
    `${mention(userId)} assure la permanence webcare le ${day(date)}${instead && instead !== userId ? ` à la place de ${mention(instead)}` : ""}.`,

  // asking for cover
  askPast: (date, today) =>
    `Utilisation : ${USAGE.ask} — le ${day(date)} est passé (nous sommes le ${day(today)}).`,
  askNotYours: (date, onDuty) =>
    onDuty
      ? `Vous n’êtes pas de permanence webcare le ${day(date)} (c’est ${mention(onDuty)}) : seule la personne de permanence peut demander un remplacement.`
      : `Personne n’est de permanence webcare le ${day(date)} : il n’y a rien à remplacer.`,
  askNobody: (date) =>
    `Personne d’autre dans le roulement n’est disponible le ${day(date)}. Demandez à un responsable d’organiser un remplacement.`,
  askAlreadyOpen: (date) =>
    `Un remplacement est déjà demandé pour le ${day(date)} ; la première personne qui clique sur *Je remplace* prend le jour.`,
  askPosted: (date, channelId, count) =>
    channelId
      ? `Demande de remplacement pour le ${day(date)} publiée dans ${channelLink(channelId)}. Un message vous préviendra dès que quelqu’un la prendra.`
      : `Demande de remplacement pour le ${day(date)} envoyée en message direct à ${countOf("fr", count, "personne", "personnes")} du roulement. Un message vous préviendra dès que quelqu’un la prendra.`,
  askFailed:
    "Je n’ai pas pu publier la demande (Slack l’a refusée). Rien n’a été demandé ; réessayez dans un instant.",
  requestText: (askerId, date) =>
    `${mention(askerId)} demande un remplacement pour la permanence webcare du *${day(date)}*.`,
  requestHint: "La première personne du roulement qui clique prend le jour.",
  requestButton: "Je remplace",
  requestTaken: (takerId, askerId, date) =>
    `:white_check_mark: ${mention(takerId)} assure la permanence webcare du *${day(date)}* (à la demande de ${mention(askerId)}).`,
  requestClosed: (date) => `Le remplacement du ${day(date)} n’est plus nécessaire.`,
  takenForAsker: (takerId, date) =>
    `${mention(takerId)} vous remplace à la permanence webcare du ${day(date)}. Vous êtes libre ce jour-là.`,
  takenForTaker: (askerId, date) =>
    `Vous remplacez ${mention(askerId)} à la permanence webcare du ${day(date)}. Vous recevrez le rappel habituel ce jour-là.`,
  alreadyTaken: (takerId, date) =>
    `${mention(takerId)} a déjà pris le ${day(date)}. Merci quand même !`,
  requestGone: "Cette demande n’est plus ouverte.",
  takeOwn: "C’est votre propre demande : une autre personne du roulement doit la prendre.",
  takeNotMember: (date) =>
    `Seuls les membres du roulement webcare du ${day(date)} peuvent prendre ce jour.`,
  takeAway: (date) =>
    `Une absence est enregistrée pour vous le ${day(date)} : vous ne pouvez pas prendre ce jour.`,
  askButton: "Demander un remplacement",

  // the daily reminder and the day before
  reminderDm: (date, time, standInFor) =>
    `Vous êtes de permanence webcare aujourd’hui, ${dayLong(date)} à partir de ${time}${standInFor ? `, pendant l’absence de ${mention(standInFor)}` : ""} : vous répondez au public sur nos réseaux.`,
  reminderDetail: (handedOverBy, next, nextDate, date) =>
    `Précédemment : ${who(handedOverBy)} · ${nextDate && nextDate !== nextDay(date) ? `ensuite (${day(nextDate)})` : "demain"} : ${who(next)}.`,
  reminderHint: "`/webcare schedule` montre qui est de permanence les prochains jours.",
  tomorrowDm: (date, time, standInFor) =>
    `Pour rappel : vous êtes de permanence webcare demain, ${dayLong(date)} à partir de ${time}${standInFor ? `, pendant l’absence de ${mention(standInFor)}` : ""}. Un empêchement ? Demandez un remplacement.`,
  announcement: (date, time, onDuty) =>
    `Permanence webcare aujourd’hui, ${dayLong(date)} à partir de ${time} : ${mention(onDuty)}.`,
  announcementGap: (date, time) =>
    `Permanence webcare aujourd’hui, ${dayLong(date)} à partir de ${time} : personne — tout le roulement est absent.`,
  announcementLeft: (date, time, left) =>
    `Permanence webcare aujourd’hui, ${dayLong(date)} à partir de ${time} : personne — ${mention(left)} a quitté l’espace de travail.`,
  noticeChannel: (channelId, error) =>
    `Je n’ai pas pu annoncer la permanence webcare dans ${channelLink(channelId)} (${escapeText(error)}). Invitez-moi avec \`/invite @Greenlight\` dans ce canal, ou choisissez-en un autre : \`/webcare rotation @a @b … in #canal\`. Les rappels par message direct partent quand même.`,
  noticeLeft: (date, userId) =>
    `${mention(userId)} est de permanence webcare le ${day(date)} mais a quitté l’espace de travail : personne n’a été prévenu aujourd’hui. Organisez un remplacement (\`/webcare cover @personne ${date}\`) et un nouveau roulement sans cette personne (\`/webcare rotation @a @b …\`).`,
  gapAlert: (dates) =>
    `Personne ne peut assurer la permanence webcare ${dates.length > 1 ? "les" : "le"} ${formatList(
      "fr",
      dates.map((d) => `*${day(d)}*`),
    )} : tout le roulement est absent. Organisez un remplacement (\`/webcare cover @personne AAAA-MM-JJ\`) ou effacez une absence (\`/webcare back @personne\`).`,

  // the duty group
  groupLinked: (handle, onDuty) =>
    `Le groupe d’utilisateurs ${groupName(handle)} suit désormais la permanence webcare : à chaque passation, son seul membre devient la personne de permanence${onDuty ? ` (en ce moment ${mention(onDuty)})` : ""}.`,
  groupOff: (handle) =>
    `Le groupe d’utilisateurs ${groupName(handle)} ne suit plus la permanence webcare ; ses membres restent inchangés.`,
  groupNone: "Aucun groupe d’utilisateurs n’est associé à la permanence webcare.",
  groupNotFound: (handle) =>
    `Je ne trouve pas le groupe d’utilisateurs ${groupName(handle)} dans cet espace de travail (il est peut-être désactivé).`,
  groupRefused: (problem) =>
    `Slack a refusé de modifier le groupe d’utilisateurs : ${groupProblem(problem)}`,
  groupNotice: (handle, problem) =>
    `Slack a refusé de modifier le groupe d’utilisateurs webcare ${groupName(handle)} : ${groupProblem(problem)} J’ai désactivé l’association ; un responsable pourra la rétablir avec \`/webcare group @groupe\` une fois le problème réglé.`,
};
