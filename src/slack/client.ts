import type { FetchFunction, WebClientOptions } from "@slack/web-api";
import { NOT_SENT_CAUSES } from "./errors.ts";

/**
 * Calls that Slack cannot be asked twice without risk: a second
 * `chat.postMessage` after Slack accepted the first is a duplicate message
 * (Slack has no idempotency key for it). Every other method the app uses is
 * safe to repeat (reads, `chat.update`, `views.publish`, `conversations.open`)
 * or fails harmlessly the second time (`views.open` with a used trigger).
 */
const NOT_REPEATABLE = new Set(["chat.postMessage"]);

/**
 * A failure after which nobody knows whether Slack performed the call: the
 * request was sent, then it timed out or Slack answered with an HTTP 5xx.
 * For a call in NOT_REPEATABLE the client gives up at once instead of
 * retrying, and `classifySlackError` (src/slack/errors.ts) calls it ambiguous.
 */
export class AmbiguousSlackFailure extends Error {
  constructor(
    readonly method: string,
    reason: string,
    options?: { cause?: unknown; statusCode?: number },
  ) {
    super(`${method}: ${reason}; Slack may have performed it, so it is not repeated`, options);
    this.name = "AmbiguousSlackFailure";
    this.statusCode = options?.statusCode;
  }

  readonly statusCode: number | undefined;
}

function methodOf(url: string | URL): string {
  const href = typeof url === "string" ? url : url.href;
  return href.split("?")[0]?.split("/").pop() ?? "";
}

/** True when fetch failed before the request left this machine (nothing reached Slack). */
function failedBeforeSending(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CAUSES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** fetch for the WebClient: marks the ambiguous failures of calls that must not be repeated. */
const guardedFetch: FetchFunction = async (input, init) => {
  const method = methodOf(input);
  if (!NOT_REPEATABLE.has(method)) return fetch(input, init);
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (error) {
    if (failedBeforeSending(error)) throw error;
    // A timeout or a connection lost after the request went out.
    throw new AmbiguousSlackFailure(method, `failed after sending: ${String(error)}`, {
      cause: error,
    });
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new AmbiguousSlackFailure(method, `HTTP ${response.status}`, {
      statusCode: response.status,
    });
  }
  return response;
};

/** True for an error (as the WebClient throws it) that wraps an AmbiguousSlackFailure. */
export function isAmbiguousSlackFailure(error: unknown): boolean {
  const ambiguous = (value: unknown) =>
    (value as { name?: unknown } | null)?.name === "AmbiguousSlackFailure";
  const e = error as { original?: unknown; cause?: unknown } | null;
  return ambiguous(error) || ambiguous(e?.original) || ambiguous(e?.cause);
}

/**
 * The WebClient options of the app and the CLI: a bounded retry (Bolt's
 * default keeps retrying for about 30 minutes; a request's work should give up
 * well before that; rate limits still wait for Retry-After before each retry),
 * a timeout per call, and no retry of a post whose outcome is unknown.
 */
export function slackClientOptions(
  slackApiUrl: string,
  options: { retries?: number; maxTimeout?: number; timeout?: number } = {},
): WebClientOptions {
  // p-retry takes `onFailedAttempt` beside node-retry's options; the type only names the latter.
  const retryConfig = {
    retries: options.retries ?? 4,
    factor: 2,
    minTimeout: 250,
    maxTimeout: options.maxTimeout ?? 5_000,
    onFailedAttempt: (error: unknown) => {
      // Throwing here ends p-retry at once, with this error.
      if (isAmbiguousSlackFailure(error)) throw error;
    },
  } as NonNullable<WebClientOptions["retryConfig"]>;
  return { slackApiUrl, fetch: guardedFetch, retryConfig, timeout: options.timeout ?? 15_000 };
}
