import { mention } from "../../slack/text.ts";
import type { GuidelinesMessages } from "./messages.en.ts";

/** La charte de l’équipe, en français (mêmes clés que messages.en.ts). */
export const fr: GuidelinesMessages = {
  header: "Charte de l’équipe",
  none: "L’équipe n’a pas encore de charte.",
  noneManager:
    "L’équipe n’a pas encore de charte. Écrivez le ton, la voix, les visuels, ce qu’il faut faire et éviter : cliquez sur *Modifier la charte*.",
  updated: (userId: string, at: string) => `Dernière modification par ${mention(userId)} le ${at}.`,
  edit: "Modifier la charte",
  modalTitle: "Charte de l’équipe",
  save: "Enregistrer",
  close: "Fermer",
  cancel: "Annuler",
  label: "Charte",
  placeholder: "Ton et voix, visuels, mots-dièse, à faire et à éviter…",
  hint: "Tout le monde la lit avec /greenlight guidelines ; sa première ligne apparaît dans le formulaire de proposition. Laissez vide pour la supprimer.",
  tooLong: (max: string) => `La charte contient au plus ${max} caractères.`,
  denied:
    "Seul un responsable (ou un administrateur de l’espace de travail) peut modifier la charte de l’équipe.",
  saved:
    "Charte enregistrée. Tout le monde la voit avec `/greenlight guidelines`, et sa première ligne dans le formulaire de proposition.",
  cleared: "Charte supprimée.",
  editAgain: "relancer `/greenlight guidelines edit`",
  usage:
    "Utilisation : /greenlight guidelines [edit] — lire la charte de l’équipe ; les responsables la modifient.",
};
