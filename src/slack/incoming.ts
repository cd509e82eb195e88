import { parse as parseQueryString } from "node:querystring";
import { z } from "zod";

/**
 * What a request to POST /slack/events must look like before Bolt sees it.
 * Bolt trusts the shape of a signed body (a signed `payload=null` throws
 * inside its receiver, outside any try); Slack never sends such bodies, so
 * anything that is not one of Slack's envelopes is refused with a 400 at
 * once. Only the envelope is checked here (the fields Bolt reads to route a
 * request); each listener validates its own values.
 */

/** Slack's payloads nest a dozen levels at most (rich text in a message in a click). */
export const MAX_JSON_DEPTH = 48;

const Id = z.string().min(1).max(255);
const TeamRef = z.looseObject({ id: Id }).nullable().optional();
const UserRef = z.looseObject({ id: Id, team_id: Id.optional() });
const View = z.looseObject({
  id: Id,
  callback_id: z.string().max(255),
  team_id: Id.optional(),
  private_metadata: z.string().optional(),
  hash: z.string().optional(),
  state: z
    .looseObject({
      values: z.record(z.string(), z.record(z.string(), z.looseObject({ type: z.string() }))),
    })
    .optional(),
});

const Command = z.looseObject({
  command: z.string().regex(/^\/\S{1,64}$/),
  text: z.string().optional(),
  team_id: Id,
  user_id: Id,
  channel_id: Id,
  response_url: z.string().optional(),
  trigger_id: z.string().optional(),
});

const Interaction = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("block_actions"),
    team: TeamRef,
    user: UserRef,
    actions: z.array(z.looseObject({ action_id: Id, type: z.string() })).min(1),
    channel: z.looseObject({ id: Id }).optional(),
    view: View.optional(),
    message: z.looseObject({ ts: z.string() }).optional(),
    response_url: z.string().optional(),
  }),
  z.looseObject({
    type: z.enum(["view_submission", "view_closed"]),
    team: TeamRef,
    user: UserRef,
    view: View,
  }),
  z.looseObject({
    type: z.literal("block_suggestion"),
    team: TeamRef,
    user: UserRef,
    action_id: Id,
    value: z.string(),
  }),
  z.looseObject({
    type: z.enum(["shortcut", "message_action"]),
    team: TeamRef,
    user: UserRef,
    callback_id: z.string(),
  }),
]);

const EventsApi = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("event_callback"),
    team_id: Id,
    event_id: z.string().optional(),
    event: z.looseObject({ type: z.string() }),
  }),
  z.looseObject({ type: z.literal("url_verification"), challenge: z.string() }),
  z.looseObject({ type: z.literal("app_rate_limited"), team_id: Id }),
]);

export type IncomingCheck =
  | { ok: true; teamId: string | null }
  | { ok: false; problem: "not_json" | "too_deep" | "not_a_slack_request" };

/** How deeply `raw` JSON nests, counted without parsing it (no recursion, no stack). */
export function jsonDepth(raw: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}

function parseJson(
  raw: string,
): { ok: true; value: unknown } | { ok: false; problem: "not_json" | "too_deep" } {
  if (jsonDepth(raw) > MAX_JSON_DEPTH) return { ok: false, problem: "too_deep" };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, problem: "not_json" };
  }
}

/**
 * Checks a raw body the way Bolt will read it (form with `payload`, form
 * with `command`, or JSON) and returns the team it is for. `ssl_check=1`
 * passes: Bolt answers it without a signature.
 */
export function checkIncomingBody(raw: string, contentType: string | undefined): IncomingCheck {
  // Compared exactly, as Bolt does: anything else is read as JSON.
  if (contentType === "application/x-www-form-urlencoded") {
    const form = parseQueryString(raw);
    if (form.ssl_check === "1") return { ok: true, teamId: null };
    if (typeof form.payload === "string") {
      const parsed = parseJson(form.payload);
      if (!parsed.ok) return parsed;
      const interaction = Interaction.safeParse(parsed.value);
      if (!interaction.success) return { ok: false, problem: "not_a_slack_request" };
      const body = interaction.data;
      const viewTeam =
        body.type === "block_actions" ||
        body.type === "view_submission" ||
        body.type === "view_closed"
          ? body.view?.team_id
          : undefined;
      return { ok: true, teamId: body.team?.id ?? body.user.team_id ?? viewTeam ?? null };
    }
    if (form.payload !== undefined) return { ok: false, problem: "not_a_slack_request" };
    const command = Command.safeParse(form);
    return command.success
      ? { ok: true, teamId: command.data.team_id }
      : { ok: false, problem: "not_a_slack_request" };
  }
  const parsed = parseJson(raw);
  if (!parsed.ok) return parsed;
  const event = EventsApi.safeParse(parsed.value);
  if (!event.success) return { ok: false, problem: "not_a_slack_request" };
  return { ok: true, teamId: event.data.type === "url_verification" ? null : event.data.team_id };
}
