import type { App, Logger, Middleware, AnyMiddlewareArgs, ReceiverEvent } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { catalog } from "../i18n/catalog.ts";
import type { Lang } from "../i18n/lang.ts";
import type { RecentLanguages } from "../i18n/recent.ts";
import { en } from "./answer.messages.en.ts";
import { fr } from "./answer.messages.fr.ts";
import { sendDirectMessage } from "./dm.ts";
import { escapeText } from "./text.ts";

/**
 * Every request a person made gets an answer at once, whatever happens:
 *
 * - one no listener acknowledged (an unknown command, button or modal) is
 *   acknowledged as soon as the listeners are done — an unknown command with
 *   a private line saying so — instead of waiting out Bolt's 3 s and a 404;
 * - one whose listener failed (the database does not answer, a bug) tells
 *   the person privately to try again in a moment: in the acknowledgement
 *   when it has not gone yet, else through the response_url, else by DM.
 *
 * The failure is logged once here and goes no further, so one request can
 * never take the process down.
 */
export const answerMessages = catalog({ en, fr });
export type { AnswerMessages } from "./answer.messages.en.ts";

interface Outcome {
  acked: boolean;
  failure: unknown;
}

export interface Body {
  type?: unknown;
  command?: unknown;
  trigger_id?: unknown;
  response_url?: unknown;
  user?: { id?: unknown } | null;
  user_id?: unknown;
  view?: { blocks?: unknown } | null;
}

/** Prisma's errors for a database it cannot reach or that stopped answering. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const name = current.constructor.name;
    const code = (current as { code?: unknown }).code;
    if (name === "PrismaClientInitializationError" || name === "PrismaClientRustPanicError")
      return true;
    if (name === "PrismaClientKnownRequestError" && typeof code === "string")
      return code.startsWith("P1") || code === "P2024";
    if (name === "PrismaClientUnknownRequestError") return true;
    if (
      typeof code === "string" &&
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P0[1-3])$/.test(code)
    )
      return true;
    // node-postgres reports a dropped or refused connection as a plain Error.
    if (
      /^(Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect)/.test(
        current.message,
      )
    )
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The first input block of a submitted modal: where a field error shows. */
function firstInputBlock(view: Body["view"]): string | undefined {
  const blocks = Array.isArray(view?.blocks) ? (view.blocks as unknown[]) : [];
  for (const block of blocks) {
    const b = block as { type?: unknown; block_id?: unknown };
    if (b.type === "input" && typeof b.block_id === "string") return b.block_id;
  }
  return undefined;
}

/**
 * The person's language when this process has seen it lately (nothing may be
 * looked up here: the database may be what failed, or what is busy).
 */
export function recentLangOf(recent: RecentLanguages | undefined, body: Body): Lang | undefined {
  const where = body as { team?: { id?: unknown } | null; team_id?: unknown };
  const teamId = typeof where.team?.id === "string" ? where.team.id : where.team_id;
  const userId = typeof body.user_id === "string" ? body.user_id : body.user?.id;
  return typeof teamId === "string" && typeof userId === "string"
    ? recent?.get(teamId, userId)
    : undefined;
}

/** In the person's language when known, else in both (English first). */
export function inTheirLanguage(
  recent: RecentLanguages | undefined,
  body: Body,
  text: (lang: Lang) => string,
): string {
  const lang = recentLangOf(recent, body);
  return lang ? text(lang) : `${text("en")}\n${text("fr")}`;
}

export function failureText(
  failure: unknown,
  recent: RecentLanguages | undefined,
  body: Body,
): string {
  const key = isDatabaseUnavailable(failure) ? "databaseDown" : "failed";
  return inTheirLanguage(recent, body, (lang) => answerMessages(lang)[key]);
}

/** The acknowledgement that carries `text` to the person, where Slack shows one. */
export function ackWith(body: Body, text: string | null): unknown {
  if (typeof body.command === "string") {
    return text === null ? undefined : { response_type: "ephemeral", text };
  }
  if (body.type === "view_submission" && text !== null) {
    const blockId = firstInputBlock(body.view);
    return blockId ? { response_action: "errors", errors: { [blockId]: text } } : undefined;
  }
  if (body.type === "block_suggestion") return { options: [] };
  return undefined;
}

/** Tells the person privately after the ack: response_url, else a DM. */
export async function tellAfterAck(
  body: Body,
  text: string,
  client: WebClient,
  logger: Logger,
): Promise<void> {
  try {
    if (typeof body.response_url === "string") {
      const response = await fetch(body.response_url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`response_url answered ${response.status}`);
      return;
    }
    const userId =
      typeof body.user_id === "string"
        ? body.user_id
        : typeof body.user?.id === "string"
          ? body.user.id
          : undefined;
    if (userId && body.type !== "event_callback") await sendDirectMessage(client, userId, { text });
  } catch (error) {
    logger.warn(`Could not tell the person their request failed: ${String(error)}`);
  }
}

export function answerEveryRequest(
  app: App,
  recent?: RecentLanguages,
): Middleware<AnyMiddlewareArgs> {
  const outcomes = new WeakMap<object, Outcome>();
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    const outcome: Outcome = { acked: false, failure: undefined };
    const body = event.body as Body;
    outcomes.set(event.body, outcome);
    await process({
      ...event,
      ack: async (response?: unknown) => {
        outcome.acked = true;
        await event.ack(response);
      },
    });
    // Events API deliveries were acknowledged before any listener ran.
    if (body.type === "event_callback") return;
    const command = body.command;
    const text =
      outcome.failure !== undefined
        ? failureText(outcome.failure, recent, body)
        : typeof command === "string"
          ? inTheirLanguage(recent, body, (lang) =>
              answerMessages(lang).unknownCommand(escapeText(command)),
            )
          : null;
    if (!outcome.acked) {
      outcome.acked = true;
      await event.ack(ackWith(body, text));
      // A button has nowhere to show an answer in its acknowledgement.
      if (text === null || typeof body.command === "string" || body.type === "view_submission")
        return;
    } else if (outcome.failure === undefined || text === null) return;
    await tellAfterAck(body, text, app.client, app.logger);
  };

  return async ({ body, next, logger }) => {
    try {
      await next();
    } catch (error) {
      logger.error(error);
      const outcome = outcomes.get(body);
      if (outcome) outcome.failure = error;
    }
  };
}
