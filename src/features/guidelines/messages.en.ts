import { mention } from "../../slack/text.ts";

/** Every word of the guidelines feature in English; messages.fr.ts has the same keys. */
export const en = {
  header: "Team guidelines",
  none: "The team has no guidelines yet.",
  noneManager:
    "The team has no guidelines yet. Write the tone, voice, visuals and do's and don'ts everyone should follow: click *Edit guidelines*.",
  updated: (userId: string, at: string) => `Last edited by ${mention(userId)} on ${at}.`,
  edit: "Edit guidelines",
  modalTitle: "Team guidelines",
  save: "Save",
  close: "Close",
  cancel: "Cancel",
  label: "Guidelines",
  placeholder: "Tone and voice, visuals, hashtags, do's and don'ts…",
  hint: "Everyone reads them with /greenlight guidelines; the first line is shown in the propose form. Leave empty to remove them.",
  tooLong: (max: string) => `Guidelines hold at most ${max} characters.`,
  denied: "Only a manager (or a workspace admin) can edit the team's guidelines.",
  saved:
    "Guidelines saved. Everyone sees them with `/greenlight guidelines`, and their first line in the propose form.",
  cleared: "Guidelines removed.",
  /** After "Please …" when the editor did not open (src/slack/open-modal.ts). */
  editAgain: "run `/greenlight guidelines edit` again",
  usage: "Usage: /greenlight guidelines [edit] — read the team's guidelines; managers edit them.",
};

export type GuidelinesMessages = typeof en;
