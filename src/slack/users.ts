import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { slackErrorName } from "./errors.ts";

/** What Greenlight needs to know about a Slack user, read from `users.info`. */
export type SlackUser =
  | {
      kind: "person";
      id: string;
      tz: string | null;
      isAdmin: boolean;
      name: string;
      /** Slack's language for them, e.g. `fr-FR`; null when Slack did not say. */
      locale: string | null;
    }
  | { kind: "bot"; id: string }
  | { kind: "deleted"; id: string }
  | { kind: "unknown"; id: string };

const UserInfo = z.object({
  id: z.string(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  tz: z.string().optional(),
  locale: z.string().optional(),
  is_bot: z.boolean().optional(),
  is_app_user: z.boolean().optional(),
  deleted: z.boolean().optional(),
  is_admin: z.boolean().optional(),
  is_owner: z.boolean().optional(),
  is_primary_owner: z.boolean().optional(),
});

export async function lookupUser(client: WebClient, userId: string): Promise<SlackUser> {
  // Slackbot is a bot in all but its users.info flags.
  if (userId === "USLACKBOT") return { kind: "bot", id: userId };
  try {
    // include_locale costs nothing and keeps every reading's language fresh.
    const result = await client.users.info({ user: userId, include_locale: true });
    const user = UserInfo.parse(result.user);
    if (user.deleted) return { kind: "deleted", id: userId };
    if (user.is_bot) return { kind: "bot", id: userId };
    return {
      kind: "person",
      id: userId,
      tz: user.tz ?? null,
      isAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
      name: user.real_name ?? user.name ?? userId,
      locale: user.locale ?? null,
    };
  } catch (error) {
    if (slackErrorName(error) === "user_not_found") return { kind: "unknown", id: userId };
    throw error;
  }
}
