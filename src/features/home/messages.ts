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
  onDuty: (
    duty: {
      status: "duty" | "closed" | "gap";
      onDuty: string | null;
      standIn: boolean;
      scheduled: string | null;
      coveredBy: boolean;
    } | null,
  ) =>
    !duty
      ? "*Webcare today:* no rotation yet (`/webcare rotation`)."
      : duty.status === "closed"
        ? "*Webcare today:* closed — no rotation covers today."
        : duty.status === "gap" || !duty.onDuty
          ? "*Webcare today:* nobody — everyone in the rotation is away."
          : `*Webcare today:* ${mention(duty.onDuty)}${duty.coveredBy ? " (cover)" : duty.standIn && duty.scheduled ? ` (for ${mention(duty.scheduled)}, away)` : ""}`,
  waitingForYou: (count: number) =>
    count === 0
      ? "*Waiting for your decision:* nothing."
      : `*Waiting for your decision:* ${count} proposal${count === 1 ? "" : "s"} — the requests are in your messages with Greenlight.`,
  yourPending: (count: number) =>
    `*Your proposals waiting for the approver:* ${count === 0 ? "none" : count}`,
  footer: "This page is refreshed each time you open it.",
};
