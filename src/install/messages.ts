/**
 * The texts of installing: the welcome DM and the pages shown after Slack's
 * authorize screen. English; French comes with the i18n catalogs.
 */
export const installText = {
  welcomeFallback: "Greenlight is installed. You are this workspace's first manager.",
  welcomeTitle: "Welcome to Greenlight",
  welcomeBody:
    "Greenlight is installed, and you are this workspace's first *manager*: you can give roles and change the team's settings.",
  welcomeSteps: [
    "*1.* Name the person who approves posts: `/role assign @someone approver`",
    "*2.* Set the webcare rotation: `/webcare rotation @a @b @c at 09:00 in #webcare`",
    "*3.* Check the timezone and the weekly digest time: `/greenlight settings`",
    "*4.* Tell the team: anyone can propose a post with `/propose`",
  ],
  welcomeHelp: "`/greenlight help` lists every command.",

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
