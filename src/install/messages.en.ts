/** The welcome DM the person who installs Greenlight gets, in their Slack language. */
export const en = {
  welcomeFallback: "Greenlight is installed. You are this workspace's first manager.",
  welcomeTitle: "Welcome to Greenlight",
  welcomeBody:
    "Greenlight is installed, and you are this workspace's first *manager*: you can give roles and change the team's settings.",
  welcomeSteps: [
    "*1.* Name the person who approves posts: `/role assign @someone approver`",
    "*2.* Set the webcare rotation: `/webcare rotation @a @b @c at 09:00 in #webcare`",
    "*3.* Check the timezone and the weekly digest time: `/greenlight settings`",
    "*4.* Tell the team: anyone can propose a post with `/propose`",
  ] as readonly string[],
  welcomeHelp: "`/greenlight help` lists every command.",
};

export type WelcomeMessages = typeof en;
