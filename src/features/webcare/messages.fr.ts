import { countOf, formatDay } from "../../i18n/format.ts";
import { channelLink, escapeText, mention } from "../../slack/text.ts";
import type { LocalDate } from "../../shared/local-date.ts";
import type { WebcareMessages } from "./messages.en.ts";
import { MAX_SCHEDULE_DAYS, type UsageProblem } from "./parse.ts";

const USAGE_WHO = "/webcare who [AAAA-MM-JJ]";
const USAGE_SCHEDULE = `/webcare schedule [jours] (1 à ${MAX_SCHEDULE_DAYS}, 14 par défaut)`;
const USAGE_ROTATION = "/webcare rotation @a @b … [at HH:MM] [in #canal]";
const USAGE_COVER = "/webcare cover @personne AAAA-MM-JJ";
const USAGE = `Utilisation : /webcare · ${USAGE_WHO} · ${USAGE_SCHEDULE} · ${USAGE_ROTATION} · ${USAGE_COVER}`;

/** « lun. 23 nov. 2026 » : une date du calendrier n’a pas besoin de fuseau. */
const day = (date: LocalDate) => formatDay("fr", date);
const who = (userId: string | null) => (userId ? mention(userId) : "personne");
const askManagers = (managers: string[]) =>
  managers.length > 0 ? ` Demandez à ${managers.map(mention).join(", ")}.` : "";

function usageReason(problem: UsageProblem): string | null {
  switch (problem.problem) {
    case "syntax":
    case "cover":
      return null;
    case "date":
      return `« ${escapeText(problem.given)} » n’est pas une date : écrivez-la AAAA-MM-JJ.`;
    case "days":
      return `« ${escapeText(problem.given)} » n’est pas un nombre de jours.`;
    case "tooManyDays":
      return `${MAX_SCHEDULE_DAYS} jours au plus (${problem.given} demandés).`;
    case "emptyRotation":
      return "nommez au moins une personne, dans l’ordre des permanences.";
    case "notAUser":
      return `« ${escapeText(problem.given)} » n’est pas une personne : mentionnez-la avec @.`;
    case "duplicate":
      return `${mention(problem.userId)} apparaît deux fois : nommez chaque personne une seule fois.`;
    case "time":
      return `« ${escapeText(problem.given)} » n’est pas une heure : écrivez-la HH:MM (sur 24 heures), par exemple 09:00.`;
    case "channel":
      return `« ${escapeText(problem.given)} » n’est pas un canal : choisissez-le avec #.`;
  }
}

/** Le webcare en français. */
export const fr: WebcareMessages = {
  usage: USAGE,
  usageFor(verb: "who" | "schedule" | "rotation" | "cover" | null, problem: UsageProblem): string {
    const line =
      verb === "who"
        ? USAGE_WHO
        : verb === "schedule"
          ? USAGE_SCHEDULE
          : verb === "rotation"
            ? USAGE_ROTATION
            : verb === "cover"
              ? USAGE_COVER
              : null;
    if (line === null) return USAGE;
    const reason = usageReason(problem);
    return `Utilisation : ${line}${reason ? ` — ${reason}` : ""}`;
  },
  noRotation:
    "Pas encore de rotation webcare. Un responsable la définit avec `/webcare rotation @a @b … [at HH:MM] [in #canal]`.",
  nobodyOn: (date: LocalDate) => `Personne n’est de permanence webcare le ${day(date)}.`,
  whoLine: (date: LocalDate, onDuty: string, covered: boolean, isToday: boolean) =>
    `${isToday ? "Aujourd’hui" : day(date)} : ${mention(onDuty)} est de permanence webcare${covered ? " (remplacement)" : ""}.`,
  whoContext: (handedOverBy: string | null, next: string | null) =>
    `Relève de ${who(handedOverBy)} · ensuite : ${who(next)}`,
  scheduleHeader: (days: number) =>
    `Permanences webcare, ${days === 1 ? "le prochain jour" : `les ${countOf("fr", days, "prochain jour", "prochains jours")}`}`,
  scheduleLine: (date: LocalDate, onDuty: string | null, covered: boolean, isToday: boolean) =>
    `${isToday ? "*Aujourd’hui*" : day(date)} — ${who(onDuty)}${covered ? " _(remplacement)_" : ""}`,
  scheduleFooter: (time: string, timezone: string, channelId: string | null) =>
    `Relève à ${time} (${escapeText(timezone)})${channelId ? `, annoncée dans ${channelLink(channelId)}` : ""}.`,
  deniedRotation: (managers: string[]) =>
    `Seuls les responsables et les administrateurs de l’espace de travail peuvent définir la rotation webcare.${askManagers(managers)}`,
  deniedCover: (managers: string[]) =>
    `Vous pouvez assurer vous-même un jour (\`/webcare cover @vous AAAA-MM-JJ\`) ; les remplacements pour quelqu’un d’autre sont définis par un responsable ou un administrateur.${askManagers(managers)}`,
  isBot: (userId: string) =>
    `${mention(userId)} est un bot ou une application : la permanence webcare est assurée par des personnes.`,
  isDeleted: (userId: string) =>
    `${mention(userId)} a quitté cet espace de travail (compte désactivé) : la permanence webcare est réservée aux membres actuels.`,
  isUnknown: (userId: string) => `Je ne trouve pas ${mention(userId)} dans cet espace de travail.`,
  rotationSet: (
    members: string[],
    startDate: LocalDate,
    time: string,
    timezone: string,
    channelId: string | null,
    replaced: boolean,
  ) =>
    [
      `Rotation webcare ${replaced ? "remplacée" : "définie"} à partir du ${day(startDate)} : ${members.map(mention).join(" → ")}.`,
      `Relève chaque jour à ${time} (${escapeText(timezone)}) ; ${mention(members[0] ?? "")} est de permanence aujourd’hui.`,
      channelId
        ? `La permanence est annoncée dans ${channelLink(channelId)}.`
        : "Pas de canal de permanence : ajoutez `in #canal` pour l’y annoncer.",
    ].join(" "),
  coverPast: (date: LocalDate, today: LocalDate) =>
    `Utilisation : ${USAGE_COVER} — le ${day(date)} est passé (nous sommes le ${day(today)}).`,
  coverSet: (userId: string, date: LocalDate, instead: string | null) =>
    `${mention(userId)} assure le webcare le ${day(date)}${instead && instead !== userId ? ` à la place de ${mention(instead)}` : ""}.`,
  raceLost: "Quelqu’un a modifié la rotation webcare au même moment. Rien n’a changé ; réessayez.",

  reminderDm: (date: LocalDate) =>
    `Vous êtes de permanence webcare aujourd’hui (${day(date)}) : vous répondez au public sur nos réseaux.`,
  reminderDetail: (handedOverBy: string | null, next: string | null) =>
    `Relève de ${who(handedOverBy)} · demain : ${who(next)}.`,
  reminderHint: "Lancez `/webcare schedule` pour voir qui est de permanence les prochains jours.",
  announcement: (date: LocalDate, onDuty: string) =>
    `Webcare aujourd’hui (${day(date)}) : ${mention(onDuty)}.`,
  announcementLeft: (date: LocalDate, left: string) =>
    `Webcare aujourd’hui (${day(date)}) : personne — ${mention(left)} a quitté l’espace de travail.`,
  noticeChannel: (channelId: string, error: string) =>
    `Je n’ai pas pu annoncer la permanence webcare dans ${channelLink(channelId)} (${escapeText(error)}). Invitez-moi dans ce canal avec \`/invite @Greenlight\`, ou choisissez-en un autre : \`/webcare rotation @a @b … in #canal\`. Les rappels par message direct sont toujours envoyés.`,
  noticeLeft: (date: LocalDate, userId: string) =>
    `${mention(userId)} est de permanence webcare le ${day(date)} selon la rotation, mais a quitté l’espace de travail : personne n’a donc été prévenu aujourd’hui. Prévoyez un remplacement (\`/webcare cover @personne ${date}\`) et une nouvelle rotation sans cette personne (\`/webcare rotation @a @b …\`).`,
};
