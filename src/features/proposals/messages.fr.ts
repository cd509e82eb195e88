import { formatNumber, plural } from "../../i18n/format.ts";
import { escapeText, mention, truncate } from "../../slack/text.ts";
import type { Outcome } from "./approval.ts";
import { excerpt, type ProposalsMessages } from "./messages.en.ts";
import type { ContentTypeId, Counting, GoalId } from "./validation.ts";

const OUTCOME_ICON: Record<Outcome, string> = {
  approved: ":white_check_mark:",
  rejected: ":no_entry:",
  changes_requested: ":pencil2:",
  withdrawn: ":leftwards_arrow_with_hook:",
  expired: ":hourglass:",
};

const goals: Record<GoalId, string> = {
  awareness: "Notoriété",
  engagement: "Engagement",
  leads: "Prospects",
  customer_service: "Service client",
  traffic: "Trafic",
};
const contentTypes: Record<ContentTypeId, string> = {
  text: "Texte",
  image: "Image",
  video: "Vidéo",
  link: "Lien",
  carousel: "Carrousel",
  story: "Story",
};
const statusWords: Record<string, string> = {
  pending: "en attente de décision",
  approved: "approuvée",
  rejected: "refusée",
  changes_requested: "renvoyée pour modifications",
  withdrawn: "retirée",
  expired: "expirée",
};
const statusWord = (status: string) => statusWords[status] ?? status;
const num = (n: number) => formatNumber("fr", n);
const or = (words: readonly string[]) =>
  new Intl.ListFormat("fr-FR", { type: "disjunction" }).format(words);
const UNIT_NOTE: Record<Counting, string> = {
  "x-weighted":
    " (un lien compte pour 23, un emoji ou un caractère chinois, japonais ou coréen pour 2)",
  "code-points": "",
  utf16: " (un emoji compte pour 2)",
  "utf8-bytes": "",
  graphemes: "",
  "urls-23": " (un lien compte pour 23)",
  "emoji-bytes": " (un emoji compte pour sa taille en octets, en général 4)",
};

/** Les propositions en français. */
export const fr: ProposalsMessages = {
  goals,
  contentTypes,

  modalTitle: "Proposer une publication",
  resubmitTitle: "Modifier et renvoyer",
  editTitle: "Modifier la proposition",
  submit: "Envoyer pour validation",
  close: "Annuler",
  textLabel: "Texte de la publication",
  textPlaceholder: "Que doit dire la publication ?",
  platformsLabel: "Plateformes",
  platformsPlaceholder: "Où sera-t-elle publiée ?",
  publishAtLabel: "Date et heure de publication",
  publishAtHint: (timeZone: string) =>
    `Affichées dans le fuseau horaire de votre Slack. Le calendrier et les rappels de l’équipe suivent ${timeZone}.`,
  goalLabel: "Objectif",
  goalPlaceholder: "À quoi sert cette publication ?",
  contentTypeLabel: "Type de contenu",
  contentTypePlaceholder: "De quel type de publication s’agit-il ?",
  // Slack ajoute lui-même « (facultatif) » aux champs facultatifs.
  linkUrlLabel: "Lien",
  linkUrlHint: "Une adresse web complète, commençant par https://",
  notesLabel: "Notes pour le designer ou les médias",
  notesPlaceholder: "Images, vidéo, ton, tout ce que l’équipe doit savoir",
  proposeAgain: "relancer `/propose`",
  addVisualAgain: "cliquer de nouveau sur *Ajouter un visuel*",
  clickAgain: (button: string) => `cliquer de nouveau sur *${button}*`,
  notResubmittable:
    "Cette proposition ne peut plus être renvoyée : elle a été retirée, tranchée ou déjà renvoyée.",
  sending: ":hourglass_flowing_sand: Envoi pour validation…",
  sent: (id: number | null, round: number) =>
    `:white_check_mark: ${id === null ? "Votre proposition" : `La proposition n° ${id}`} est enregistrée${round > 1 ? ` (tour ${round})` : ""}. Vos messages directs de Greenlight indiquent qui en décide et quand vous aurez une réponse.`,
  notSaved: (hadVisuals: boolean) =>
    `Rien n’a été enregistré : Greenlight n’a pas pu enregistrer cette proposition à l’instant. Votre saisie est ci-dessous ; renvoyez-la dans un instant.${hadVisuals ? " Joignez de nouveau vos visuels : Slack ne peut pas les garder dans un formulaire." : ""}`,
  closeResult: "Fermer",

  textCutHint: (from: number, max: number) =>
    `Votre texte faisait ${num(from)} caractères ; le champ de Slack en contient ${num(max)}, il a donc été coupé à cet endroit. Vérifiez la fin avant d’envoyer.`,
  visualsLabel: "Visuels",
  visualsReplaceLabel: "Remplacer les visuels",
  visualsHint: (max: number) => `Images ou vidéos de votre ordinateur, ${num(max)} au maximum.`,
  visualsKeptHint: (names: readonly string[]) =>
    truncate(
      `Fichiers joints actuels : ${names.join(", ")}. Ils sont conservés sauf si vous joignez de nouveaux fichiers ici.`,
      1900,
    ),
  guidelinesReminder: (line: string) => `:bookmark: *Règles de l’équipe :* ${escapeText(line)}`,
  readGuidelines: "Lire les règles",

  // Visuels des designers
  visualRequest: (id: number, proposerId: string, contentType: string, publishAt: string) =>
    `:art: La proposition n° ${id} de ${mention(proposerId)} est une publication de type *${contentType.toLowerCase()}* sans visuel pour l’instant. Elle est prévue le ${publishAt}. Pouvez-vous en créer un ?`,
  visualRequestFallback: (id: number) => `La proposition n° ${id} a besoin d’un visuel.`,
  addVisual: "Ajouter un visuel",
  addVisualTitle: "Ajouter un visuel",
  addVisualSubmit: "Ajouter",
  addVisualIntro: (id: number, proposerId: string) =>
    `Le visuel accompagne la proposition n° ${id} de ${mention(proposerId)} ; la personne qui valide le verra dans la demande.`,
  visualRequestDone: (id: number, by: string) =>
    `:white_check_mark: ${mention(by)} a ajouté un visuel à la proposition n° ${id}. Plus rien à faire ici.`,
  visualRequestClosed: (id: number, status: string) =>
    `La proposition n° ${id} n’a plus besoin de visuel (elle est ${statusWord(status)}). Plus rien à faire ici.`,
  visualAdded: (id: number, by: string, n: number) =>
    plural("fr", n, {
      one: `:art: ${mention(by)} a ajouté un visuel à votre proposition n° ${id}. La personne qui valide le voit dans la demande.`,
      other: `:art: ${mention(by)} a ajouté ${num(n)} visuels à votre proposition n° ${id}. La personne qui valide les voit dans la demande.`,
    }),
  visualNotPending: (id: number, status: string) =>
    `La proposition n° ${id} n’attend plus de décision (elle est ${statusWord(status)}) : le visuel n’a pas été ajouté.`,
  visualRequired: "Joignez au moins une image ou une vidéo.",

  validation: {
    textRequired: "Écrivez le texte de la publication.",
    textTooLongOverall: (length: number, max: number) =>
      `Le texte est trop long : ${num(length)} caractères sur ${num(max)}.`,
    textTooLongFor: (platform: string, length: number, max: number, counting: Counting) =>
      `Trop long pour ${platform} : ${num(length)} ${counting === "utf8-bytes" ? "octets" : "caractères"} sur ${num(max)}${UNIT_NOTE[counting]}.`,
    textForbiddenCharacters: (platform: string, characters: readonly string[]) =>
      `${platform} n’accepte pas ${or(characters)} dans le texte.`,
    platformsRequired: "Choisissez au moins une plateforme.",
    platformsUnknown: (ids: readonly string[]) =>
      `Plateforme inconnue : ${escapeText(ids.join(", "))}.`,
    publishAtRequired: "Choisissez la date et l’heure de publication.",
    publishAtInPast: "L’heure de publication est déjà passée.",
    publishAtTooFar: (years: number) =>
      `Choisissez une date de publication dans les ${years} prochaines années.`,
    goalRequired: "Choisissez l’objectif de la publication.",
    goalUnknown: "Choisissez l’un des objectifs proposés.",
    contentTypeRequired: "Choisissez le type de contenu.",
    contentTypeUnknown: "Choisissez l’un des types de contenu proposés.",
    contentTypeNeedsMedia: (platform: string, accepted: readonly ContentTypeId[]) =>
      `${platform} demande une image ou une vidéo : choisissez ${or(accepted.map((id) => contentTypes[id].toLowerCase()))}.`,
    contentTypeNotOn: (platform: string, type: ContentTypeId) =>
      `${platform} ne publie pas de contenu de type « ${contentTypes[type].toLowerCase()} ».`,
    linkUrlInvalid: "Saisissez une adresse web complète commençant par https:// (ou http://).",
    notesTooLong: (length: number, max: number) =>
      `Les notes sont trop longues : ${num(length)} caractères sur ${num(max)}.`,
    visualsNotMedia: (names: readonly string[]) =>
      plural("fr", names.length, {
        one: `Seules les images et les vidéos peuvent servir de visuels$ : ${names.join(", ")} n’en est pas une.`,
        other: `Seules les images et les vidéos peuvent servir de visuels$ : ${names.join(", ")} n’en sont pas.`,
      }),
    visualsTooMany: (max: number, count: number) =>
      `${num(max)} visuels au maximum par publication (${num(count)} joints).`,
  },

  reasonTitle: (outcome: "rejected" | "changes_requested") =>
    outcome === "rejected" ? "Refuser la proposition" : "Demande de modifications",
  reasonSubmit: (outcome: "rejected" | "changes_requested") =>
    outcome === "rejected" ? "Refuser" : "Renvoyer",
  reasonLabel: (outcome: "rejected" | "changes_requested") =>
    outcome === "rejected" ? "Pourquoi la refusez-vous ?" : "Que faut-il modifier ?",
  reasonHint: "L’auteur de la proposition lira ce texte tel quel.",
  reasonRequired:
    "Indiquez une raison : l’auteur de la proposition en a besoin pour savoir quoi faire.",
  reasonIntro: (id: number, text: string) => `Proposition n° ${id} : « ${excerpt(text)} »`,

  approve: "Approuver",
  requestChanges: "Demander des modifications",
  reject: "Refuser",
  withdraw: "Retirer",
  edit: "Modifier",
  editAndResubmit: "Modifier et renvoyer",

  approvalHeader: (id: number, round: number) =>
    round > 1
      ? `Proposition n° ${id} (tour ${round}) — à vous de décider`
      : `Proposition n° ${id} — à vous de décider`,
  approvalFallback: (id: number, proposerId: string) =>
    `${mention(proposerId)} propose une publication (n° ${id}) : approuvez-la, demandez des modifications ou refusez-la.`,
  approvalAsk: (proposerId: string) =>
    `${mention(proposerId)} propose cette publication. Approuvez-la, demandez des modifications ou refusez-la.`,
  fieldPlatforms: "Plateformes",
  fieldPublishAt: "Publication",
  fieldGoal: "Objectif",
  fieldContentType: "Type de contenu",
  fieldLink: "Lien",
  fieldNotes: "Notes",
  fieldProposer: "Proposée par",
  fieldVisuals: (n: number) => plural("fr", n, { one: "Visuel", other: "Visuels" }),
  videoLabel: ":film_frames: Vidéo",
  imageLabel: ":frame_with_picture: Image",
  visualsMissing: (n: number) =>
    plural("fr", n, {
      one: "Un fichier joint n’est plus dans Slack (supprimé ou plus partagé).",
      other: `${num(n)} fichiers joints ne sont plus dans Slack (supprimés ou plus partagés).`,
    }),
  textWasCut: (from: number, max: number) =>
    `:scissors: Le texte de la proposition faisait ${num(from)} caractères ; le champ de Slack en contient ${num(max)}, la fin a donc été coupée et il a été envoyé ainsi.`,
  earlierRound: (round: number, outcome: Outcome, deciderId: string, at: string) => {
    const head = `:leftwards_arrow_with_hook: *Renvoyée.*`;
    switch (outcome) {
      case "expired":
        return `${head} Le tour ${round} a expiré le ${at} sans décision.`;
      case "approved":
        return `${head} Au tour ${round}, ${mention(deciderId)} l’a approuvée le ${at}.`;
      case "rejected":
        return `${head} Au tour ${round}, ${mention(deciderId)} l’a refusée le ${at}.`;
      case "changes_requested":
        return `${head} Au tour ${round}, ${mention(deciderId)} a demandé des modifications le ${at}.`;
      case "withdrawn":
        return `${head} Au tour ${round}, ${mention(deciderId)} l’a retirée le ${at}.`;
    }
  },
  earlierReason: (reason: string) => `*Raison précédente :* ${escapeText(truncate(reason, 1200))}`,
  editedBeforeDecision: (round: number) =>
    `:pencil2: *Modifiée* par son auteur pendant que le tour ${round} attendait votre décision ; cette demande ne compte plus.`,
  whatChanged: (lines: readonly string[]) =>
    `*Ce qui a changé :*\n${lines.map((l) => `• ${l}`).join("\n")}`,
  nothingChanged:
    "*Ce qui a changé :* rien, la publication est identique à celle du tour précédent.",
  changedText: "le texte (l’ancien est cité ci-dessous)",
  changedWas: (field: string, was: string) => `${field.toLowerCase()} (avant : ${was})`,
  changedPlain: (field: string) => field.toLowerCase(),
  noneValue: "aucun",
  earlierTextLabel: (round: number) => `Texte du tour ${round} :`,
  decidedLine: (outcome: Outcome, deciderId: string, selfApproved: boolean, at: string) => {
    const icon = OUTCOME_ICON[outcome];
    switch (outcome) {
      case "approved":
        return selfApproved
          ? `${icon} *Auto-approuvée* par ${mention(deciderId)} le ${at}.`
          : `${icon} *Approuvée* par ${mention(deciderId)} le ${at}.`;
      case "rejected":
        return `${icon} *Refusée* par ${mention(deciderId)} le ${at}.`;
      case "changes_requested":
        return `${icon} *Modifications demandées* par ${mention(deciderId)} le ${at}.`;
      case "withdrawn":
        return `${icon} *Retirée* par ${mention(deciderId)} le ${at}. Plus rien à décider.`;
      case "expired":
        return `${icon} *Expirée* : l’heure de publication est passée le ${at} sans décision. Plus rien à décider.`;
    }
  },
  reasonLine: (reason: string) => `*Raison :* ${escapeText(reason)}`,
  editedLine: (proposerId: string, round: number) =>
    `:pencil2: *Modifiée* par ${mention(proposerId)} : le tour ${round} est dans un message plus récent de ma part. Rien à décider ici.`,
  movedLine: (to: string | null) =>
    to
      ? `:arrow_right: Cette demande a été transmise à ${mention(to)}, le nouvel approbateur. Plus rien à décider ici.`
      : ":arrow_right: Vous n’êtes plus l’approbateur : cette demande attend le prochain. Plus rien à décider ici.",

  confirmFallback: (id: number) => `Votre proposition n° ${id} attend une décision.`,
  confirmSent: (id: number, approverId: string, publishAt: string) =>
    `Votre proposition n° ${id} est entre les mains de ${mention(approverId)}. Publication prévue le ${publishAt}. Vous recevrez un message ici dès la décision prise.`,
  confirmNoApprover: (id: number, managers: string[]) =>
    `Votre proposition n° ${id} est enregistrée et en attente, mais il n’y a pas encore d’approbateur. ` +
    (managers.length > 0
      ? `Un responsable (${managers.map(mention).join(", ")}) ou un administrateur de l’espace de travail peut en nommer un avec \`/role assign @personne approbateur\`.`
      : "Un administrateur de l’espace de travail peut en nommer un avec `/role assign @personne approbateur` (les responsables aussi, une fois qu’il y en a un).") +
    " Elle lui sera transmise dès sa nomination.",
  confirmResubmitted: (id: number, round: number, approverId: string | null) =>
    approverId
      ? `Votre proposition n° ${id} est de nouveau entre les mains de ${mention(approverId)} (tour ${round}).`
      : `Votre proposition n° ${id} est renvoyée (tour ${round}) ; elle attend qu’un approbateur soit nommé.`,
  requestUndelivered: (id: number, approverId: string, code: string) =>
    `:warning: Votre proposition n° ${id} n’a pas pu être remise à ${mention(approverId)}, l’approbateur : Slack a répondu \`${code}\`. Les responsables savent quoi corriger ; elle sera renvoyée dès qu’un approbateur sera nommé.`,
  withdrawHint: "Vous avez changé d’avis ? Retirez-la tant qu’elle est en attente.",
  proposerDecisionFallback: (id: number, outcome: Outcome) =>
    `Votre proposition n° ${id} : ${statusWord(outcome)}.`,
  proposerDecision: (
    id: number,
    text: string,
    outcome: Outcome,
    deciderId: string,
    selfApproved: boolean,
    at: string,
  ) => {
    const post = `n° ${id} (« ${excerpt(text)} »)`;
    switch (outcome) {
      case "approved":
        return selfApproved
          ? `${OUTCOME_ICON.approved} Vous avez approuvé vous-même votre proposition ${post} le ${at}. Elle figure au calendrier.`
          : `${OUTCOME_ICON.approved} ${mention(deciderId)} a approuvé votre proposition ${post} le ${at}. Elle figure au calendrier.`;
      case "rejected":
        return `${OUTCOME_ICON.rejected} ${mention(deciderId)} a refusé votre proposition ${post} le ${at}.`;
      case "changes_requested":
        return `${OUTCOME_ICON.changes_requested} ${mention(deciderId)} demande des modifications à votre proposition ${post} (${at}). Modifiez-la et renvoyez-la avec le bouton ci-dessous.`;
      case "withdrawn":
        return `${OUTCOME_ICON.withdrawn} Vous avez retiré votre proposition ${post} le ${at}.`;
      case "expired":
        return `${OUTCOME_ICON.expired} Votre proposition ${post} n’a pas été tranchée avant son heure de publication (${at}) : elle a expiré. Pour la publier plus tard, cliquez sur *Modifier et renvoyer* et choisissez une nouvelle date.`;
    }
  },
  supersededNotice: (id: number, round: number) =>
    `Vous avez renvoyé la proposition n° ${id} : le tour ${round} est maintenant entre les mains de la personne qui valide.`,
  confirmClosed: (id: number, outcome: Outcome) =>
    `Votre proposition n° ${id} : ${statusWord(outcome)}. Les détails sont dans le message ci-dessous.`,

  onlyApprover: (approverId: string) =>
    `Seul ${mention(approverId)}, l’approbateur, peut trancher les propositions. Rien n’a changé.`,
  noApprover:
    "Il n’y a pas d’approbateur en ce moment : personne ne peut trancher. Un responsable peut en nommer un avec `/role assign @personne approbateur`.",
  moved: (approverId: string | null) =>
    approverId
      ? `Cette demande n’est plus à jour : la demande en cours est chez ${mention(approverId)}. Rien n’a changé.`
      : "Cette demande n’est plus à jour. Rien n’a changé.",
  alreadyDecided: (
    id: number,
    text: string,
    outcome: Outcome,
    deciderId: string,
    selfApproved: boolean,
    at: string,
  ) => {
    const post = `n° ${id} (« ${excerpt(text)} »)`;
    switch (outcome) {
      case "expired":
        return `Trop tard : la proposition ${post} a expiré le ${at}. Rien n’a changé.`;
      case "withdrawn":
        return `${mention(deciderId)} a retiré la proposition ${post} le ${at}. Rien n’a changé.`;
      case "approved":
        return selfApproved
          ? `La proposition ${post} est déjà tranchée : ${mention(deciderId)} l’a approuvée lui-même le ${at}. Rien n’a changé.`
          : `La proposition ${post} est déjà tranchée : ${mention(deciderId)} l’a approuvée le ${at}. Rien n’a changé.`;
      case "rejected":
        return `La proposition ${post} est déjà tranchée : ${mention(deciderId)} l’a refusée le ${at}. Rien n’a changé.`;
      case "changes_requested":
        return `La proposition ${post} est déjà tranchée : ${mention(deciderId)} a demandé des modifications le ${at}. Rien n’a changé.`;
    }
  },
  editedMeanwhile: (id: number, proposerId: string) =>
    `${mention(proposerId)} a modifié la proposition n° ${id} depuis cette demande : la nouvelle version est dans un message plus récent. Rien n’a changé.`,
  editLost: (id: number) =>
    `La proposition n° ${id} n’attend plus de décision (elle a été tranchée ou retirée entre-temps) : cette modification n’a donc pas été enregistrée.`,
  onlyProposerEditsPending: (proposerId: string) =>
    `Seul ${mention(proposerId)}, qui l’a proposée, peut modifier cette proposition.`,
  cannotEdit: (id: number, status: string) =>
    `La proposition n° ${id} n’attend plus de décision (elle est ${statusWord(status)}) : elle ne peut plus être modifiée.`,
  noLongerWaiting: "Cette proposition n’attend plus de décision. Rien n’a changé.",
  expiredNow: (at: string) =>
    `Trop tard : l’heure de publication (${at}) est passée, cette proposition a donc expiré. Son auteur peut la renvoyer avec une nouvelle date.`,
  unknownProposal: "Je ne trouve plus cette proposition. Rien n’a changé.",
  onlyProposerWithdraws: (proposerId: string) =>
    `Seul ${mention(proposerId)}, qui l’a proposée, peut retirer cette proposition.`,
  cannotWithdraw: (status: string) =>
    `Cette proposition n’est plus en attente (elle est ${statusWord(status)}) : il n’y a rien à retirer.`,
  withdrawn: (id: number) =>
    `La proposition n° ${id} est retirée. L’approbateur ne voit plus les boutons.`,
  onlyProposerEdits: (proposerId: string) =>
    `Seul ${mention(proposerId)}, qui l’a proposée, peut modifier et renvoyer cette proposition.`,

  reminderHeader: "Propositions en attente de votre décision",
  reminderIntro: (count: number) =>
    plural("fr", count, {
      one: "Une proposition attend depuis plus d’un jour. La demande se trouve dans mes messages précédents.",
      other: `${num(count)} propositions attendent depuis plus d’un jour. Les demandes se trouvent dans mes messages précédents.`,
    }),
  reminderLine: (
    id: number,
    text: string,
    proposerId: string,
    waitingSince: string,
    publishAt: string,
  ) =>
    `• n° ${id} « ${excerpt(text)} » de ${mention(proposerId)} — en attente depuis le ${waitingSince}, publication le ${publishAt}`,
  reminderMore: (count: number) => `et ${num(count)} de plus`,
  reminderFallback: (count: number) =>
    `${num(count)} ${plural("fr", count, { one: "proposition attend", other: "propositions attendent" })} votre décision depuis plus d’un jour.`,

  calendarUsage:
    "Utilisation : /calendar [week|month] — les publications approuvées et en attente des 7 (week, par défaut) ou 30 (month) prochains jours.",
  calendarHeader: (days: number) =>
    days === 7 ? "Publications des 7 prochains jours" : "Publications des 30 prochains jours",
  calendarEmpty: (days: number) =>
    `Aucune publication approuvée ou en attente dans les ${days} prochains jours. Proposez-en une avec \`/propose\`.`,
  calendarLine: (
    time: string,
    status: string,
    platforms: string,
    text: string,
    proposerId: string,
    id: number,
  ) =>
    `• *${time}* ${status === "approved" ? ":white_check_mark: approuvée" : ":hourglass_flowing_sand: en attente"} · ${platforms} · « ${excerpt(text)} » — ${mention(proposerId)} (n° ${id})`,
  calendarMoreOnDay: (count: number) => `et ${num(count)} de plus ce jour-là`,
  calendarMoreDays: (count: number) =>
    `et ${num(count)} ${plural("fr", count, { one: "autre jour", other: "autres jours" })} avec des publications non affichées`,
  calendarFooter: (timeZone: string) =>
    `Heures en ${timeZone}. :white_check_mark: approuvée · :hourglass_flowing_sand: en attente de l’approbateur.`,
  calendarFallback: (count: number, days: number) =>
    `${num(count)} ${plural("fr", count, { one: "publication prévue", other: "publications prévues" })} dans les ${days} prochains jours.`,
};
