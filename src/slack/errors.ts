import { ErrorCode } from "@slack/web-api";

/**
 * One classification of what can go wrong when Greenlight calls Slack, used
 * by every sender (reminders, digests, notices, the outbox worker):
 *
 * - `permanent`: Slack answered and refused; the same call would be refused
 *   again until a person fixes something (invite the bot, unarchive the
 *   channel, reinstall the app). Not retried; the team's managers are told
 *   once what to fix.
 * - `transient`: Slack certainly did not perform the call (a 429 with
 *   Retry-After, `ratelimited`, a refused connection, an HTTP error on a call
 *   that is safe to repeat). Retried later.
 * - `ambiguous`: nobody knows whether Slack performed it (a timeout after the
 *   request was sent, an HTTP 5xx or `internal_error`/`fatal_error`/
 *   `request_timeout` on a post). Never repeated: a second post could be a
 *   duplicate.
 */
export type SlackErrorClass = "permanent" | "transient" | "ambiguous";

export interface SlackFailure {
  class: SlackErrorClass;
  /**
   * Slack's own error name for an `ok: false` answer (`not_in_channel`…), or
   * one of ours for the rest: `ratelimited`, `http_<status>`, `timeout`,
   * `connection_failed`, `unknown`.
   */
  code: string;
  /** How long Slack asked us to wait (429 Retry-After), in milliseconds. */
  retryAfterMs?: number;
}

/**
 * Slack's error names after which a person must act before the call can work.
 * Each maps to what to tell the managers (see `src/slack/messages.ts`).
 */
export const PERMANENT_ERRORS = new Set([
  // The channel: the bot cannot post there.
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "method_not_supported_for_channel_type",
  "team_access_not_granted",
  // The person: cannot be reached.
  "account_inactive",
  "user_not_found",
  "users_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "user_not_in_channel",
  // The app's installation: token or scopes.
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "not_allowed_token_type",
  "ekm_access_denied",
  "org_login_required",
  "team_is_restricted",
  // The message itself (a fault in Greenlight; repeating cannot help).
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "msg_too_long",
  "no_text",
  "missing_text_fallback",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "invalid_arg_name",
  "too_many_attachments",
  // A modal's trigger is single-use and lives 3 seconds.
  "expired_trigger_id",
  "exchanged_trigger_id",
  "invalid_trigger_id",
]);

/** Slack answered, but may have performed the call anyway. */
export const AMBIGUOUS_ERRORS = new Set(["internal_error", "fatal_error", "request_timeout"]);

/** Slack answered that it did not perform the call, and a later try can work. */
export const TRANSIENT_ERRORS = new Set(["ratelimited", "rate_limited", "service_unavailable"]);

/** Network failures that happen before a request leaves this machine. */
export const NOT_SENT_CAUSES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  data?: { error?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
  original?: unknown;
  cause?: unknown;
}

function shape(value: unknown): ErrorShape | null {
  return typeof value === "object" && value !== null ? (value as ErrorShape) : null;
}

/** The error and what it wraps (the WebClient's `original`, `cause`), outermost first. */
function chain(error: unknown): ErrorShape[] {
  const found: ErrorShape[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6; depth += 1) {
    const e = shape(current);
    if (!e || found.includes(e)) break;
    found.push(e);
    current = e.original ?? e.cause;
  }
  return found;
}

/**
 * Set by the app's WebClient (src/slack/client.ts) on a call that must not
 * be repeated when nobody knows whether Slack performed it.
 */
function isMarkedAmbiguous(errors: ErrorShape[]): boolean {
  return errors.some((e) => e.name === "AmbiguousSlackFailure");
}

function isTimeout(errors: ErrorShape[]): boolean {
  return errors.some(
    (e) => e.name === "TimeoutError" || e.name === "AbortError" || e.code === "ETIMEDOUT",
  );
}

/** Classifies a failed Slack call as the WebClient (or fetch) threw it. */
export function describeSlackError(error: unknown): SlackFailure {
  const errors = chain(error);
  const outer = errors[0];
  // The team has no installation (src/install/clients.ts): nothing may be sent until a reinstall.
  if (outer?.name === "NotInstalledError") return { class: "permanent", code: "not_installed" };
  if (isMarkedAmbiguous(errors)) {
    const status = errors.map((e) => e.statusCode).find((s) => typeof s === "number");
    const code =
      typeof status === "number"
        ? `http_${status}`
        : isTimeout(errors)
          ? "timeout"
          : "connection_lost";
    return { class: "ambiguous", code };
  }
  for (const e of errors) {
    if (e.code === ErrorCode.PlatformError && typeof e.data?.error === "string") {
      const code = e.data.error;
      if (AMBIGUOUS_ERRORS.has(code)) return { class: "ambiguous", code };
      if (TRANSIENT_ERRORS.has(code)) return { class: "transient", code };
      // Any other answer Slack gave is a refusal: repeating it gives the same answer.
      return { class: "permanent", code };
    }
    if (e.code === ErrorCode.RateLimitedError) {
      return {
        class: "transient",
        code: "ratelimited",
        ...(typeof e.retryAfter === "number" ? { retryAfterMs: e.retryAfter * 1000 } : {}),
      };
    }
    if (e.code === ErrorCode.HTTPError) {
      const status = typeof e.statusCode === "number" ? e.statusCode : 0;
      // Only calls safe to repeat reach here with a 5xx (posts are marked
      // ambiguous): Slack's front end failed, repeating is harmless.
      return { class: status >= 500 ? "transient" : "permanent", code: `http_${status}` };
    }
  }
  // The WebClient gives up on repeated 429s with a plain Error.
  if (
    errors.some((e) => typeof e.message === "string" && /rate limit was exceeded/.test(e.message))
  )
    return { class: "transient", code: "ratelimited" };
  if (outer?.code === ErrorCode.RequestError || errors.some((e) => typeof e.code === "string")) {
    if (errors.some((e) => typeof e.code === "string" && NOT_SENT_CAUSES.has(e.code)))
      return { class: "transient", code: "connection_failed" };
    // A timeout on a call safe to repeat (posts are marked ambiguous above).
    if (isTimeout(errors)) return { class: "transient", code: "timeout" };
    if (outer?.code === ErrorCode.RequestError)
      return { class: "transient", code: "connection_failed" };
  }
  // Not a Slack error at all (a bug, a database failure): nothing says Slack did not act.
  return { class: "ambiguous", code: "unknown" };
}

export function classifySlackError(error: unknown): SlackErrorClass {
  return describeSlackError(error).class;
}

/** Slack's error name of an `ok: false` answer, else undefined. */
export function slackErrorName(error: unknown): string | undefined {
  for (const e of chain(error)) {
    if (e.code === ErrorCode.PlatformError && typeof e.data?.error === "string")
      return e.data.error;
  }
  return undefined;
}

/** What to call the failure in a log line or a CLI report. */
export function slackErrorText(error: unknown): string {
  const failure = describeSlackError(error);
  if (failure.code !== "unknown") return failure.code;
  return error instanceof Error ? error.message : String(error);
}
