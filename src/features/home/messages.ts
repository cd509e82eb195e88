import { mention } from "../../slack/text.ts";

export const homeText = {
  title: "Greenlight",
  intro:
    "Propose posts with `/propose`, see what is planned with `/calendar`, and `/greenlight help` for everything else.",
  yourRoles: (roles: string[]) =>
    roles.length > 0
      ? `*Your roles:* ${roles.join(", ")}`
      : "*Your roles:* none yet — a manager assigns them with `/role`.",
  approver: (userId: string | null) =>
    userId
      ? `*Approver:* ${mention(userId)}`
      : "*Approver:* nobody yet — proposals wait until one is assigned.",
  onDuty: (userId: string | null) =>
    userId
      ? `*Webcare today:* ${mention(userId)}`
      : "*Webcare today:* no rotation yet (`/webcare rotation`).",
  waitingForYou: (count: number) =>
    count === 0
      ? "*Waiting for your decision:* nothing."
      : `*Waiting for your decision:* ${count} proposal${count === 1 ? "" : "s"} — the requests are in your messages with Greenlight.`,
  yourPending: (count: number) =>
    `*Your proposals waiting for the approver:* ${count === 0 ? "none" : count}`,
  footer: "This page is refreshed each time you open it.",
};
