import type { AnswerMessages } from "./answer.messages.en.ts";

export const fr: AnswerMessages = {
  unknownCommand: (command: string) =>
    `Greenlight ne connaît pas \`${command}\`. Tapez \`/greenlight help\` pour voir ce qu’il sait faire.`,
  databaseDown:
    "Greenlight n’a pas pu le faire\u00a0: sa base de données ne répond pas. Réessayez dans un instant.",
  failed:
    "Un problème est survenu du côté de Greenlight et rien n’a été fait. Réessayez dans un instant.",
};
