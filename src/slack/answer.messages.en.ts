/**
 * What a person reads when their request could not be served (src/slack/
 * answer-every-request.ts): a command Greenlight does not know, a database
 * that does not answer, a failure on Greenlight's side.
 */
export const en = {
  unknownCommand: (command: string) =>
    `Greenlight does not know \`${command}\`. Type \`/greenlight help\` to see what it can do.`,
  databaseDown:
    "Greenlight could not do this: its database is not answering. Try again in a moment.",
  failed: "Something went wrong on Greenlight's side and this was not done. Try again in a moment.",
};

export type AnswerMessages = typeof en;
