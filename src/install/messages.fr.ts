import type { WelcomeMessages } from "./messages.en.ts";

export const fr: WelcomeMessages = {
  welcomeFallback:
    "Greenlight est installé. Vous êtes le premier responsable de cet espace de travail.",
  welcomeTitle: "Bienvenue dans Greenlight",
  welcomeBody:
    "Greenlight est installé et vous êtes le premier *responsable* de cet espace de travail\u00a0: vous pouvez attribuer les rôles et modifier les réglages de l’équipe.",
  welcomeSteps: [
    "*1.* Désignez la personne qui valide les publications\u00a0: `/role assign @personne approbateur`",
    "*2.* Définissez la rotation webcare\u00a0: `/webcare rotation @a @b @c at 09:00 in #webcare`",
    "*3.* Vérifiez le fuseau horaire et l’heure du bilan hebdomadaire\u00a0: `/greenlight settings`",
    "*4.* Prévenez l’équipe\u00a0: chacun peut proposer une publication avec `/propose`",
  ],
  welcomeHelp: "`/greenlight help` liste toutes les commandes.",
};
