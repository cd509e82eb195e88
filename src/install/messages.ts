import { catalog } from "../i18n/catalog.ts";
import { en } from "./messages.en.ts";
import { fr } from "./messages.fr.ts";

export type { WelcomeMessages } from "./messages.en.ts";
/** The welcome DM, in the installer's Slack language (messages.en.ts / messages.fr.ts). */
export const welcomeText = catalog({ en, fr });

/**
 * The pages shown in the browser after Slack's authorize screen. English:
 * they are web pages, before anyone's Slack language is known.
 */
export const installText = {
  pageTitleDone: "Greenlight is installed",
  pageDone: (workspace: string) =>
    `Greenlight is now part of ${workspace}. You are its first manager: a direct message from Greenlight in Slack says what to do next.`,
  pageOpenSlack: "Open Slack",
  pageTitleFailed: "Greenlight was not installed",
  pageCancelled: "The install was cancelled in Slack. Nothing was installed.",
  pageBadState:
    "This install link has expired or was already used. Start again from the install page: it takes a minute.",
  pageSlackRefused: "Slack did not complete the install. Please try again in a moment.",
  pageTryAgain: "Install Greenlight",
};
