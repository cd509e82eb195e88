import type { OpenModalMessages } from "./open-modal.messages.en.ts";

/** `again` est une consigne à l’infinitif, après « Veuillez » (`relancer \`/metrics log\``, `cliquer de nouveau sur *Modifier*`). */
export const fr: OpenModalMessages = {
  expired: (again: string) =>
    `Désolé, le formulaire n’a pas pu s’ouvrir à temps\u00a0: Slack ne laisse que quelques secondes à une application pour l’ouvrir. Veuillez ${again}.`,
  unavailable: (again: string) =>
    `Désolé, Slack n’a pas pu ouvrir le formulaire pour l’instant (service surchargé ou injoignable). Veuillez ${again} dans un instant.`,
  unknown: (again: string) =>
    `Slack n’a pas confirmé l’ouverture du formulaire. S’il ne s’affiche pas, veuillez ${again}.`,
  refused: (again: string, code: string) =>
    `Désolé, Slack a refusé d’ouvrir le formulaire (réponse\u00a0: \`${code}\`). Veuillez ${again}\u00a0; si cela se reproduit, prévenez la personne qui gère Greenlight dans votre espace de travail.`,
};
