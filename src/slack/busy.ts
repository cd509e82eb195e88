import type {
  AnyMiddlewareArgs,
  App,
  Middleware,
  ReceiverEvent,
  SlackCommandMiddlewareArgs,
} from "@slack/bolt";
import { catalog } from "../i18n/catalog.ts";
import { isLang, type Lang } from "../i18n/lang.ts";
import type { RecentLanguages } from "../i18n/recent.ts";
import {
  ackWith,
  failureText,
  inTheirLanguage,
  tellAfterAck,
  type Body,
} from "./answer-every-request.ts";
import { en } from "./busy.messages.en.ts";
import { fr } from "./busy.messages.fr.ts";
import { WorkGate, type WorkTicket } from "./work-gate.ts";
import { nextTurn } from "../shared/turns.ts";

export type { BusyMessages } from "./busy.messages.en.ts";
export const busyMessages = catalog({ en, fr });

/**
 * What the person reads when the process is full: in their language when
 * this process has seen it lately, else in both (nothing may be looked up:
 * the answer goes in the acknowledgement, and the database is what is busy).
 */
export function busyText(recent: RecentLanguages | undefined, body: Body): string {
  // A submitted form carries the language it was opened in.
  const formLang = body.type === "view_submission" ? formLanguage(body) : undefined;
  if (formLang) return busyMessages(formLang).busy;
  return inTheirLanguage(recent, body, (lang) => busyMessages(lang).busy);
}

/** The language a modal's private_metadata names, if it names one. */
function formLanguage(body: Body): Lang | undefined {
  const metadata = (body.view as { private_metadata?: unknown } | null | undefined)
    ?.private_metadata;
  if (typeof metadata !== "string") return undefined;
  try {
    const lang = (JSON.parse(metadata) as { lang?: unknown } | null)?.lang;
    return isLang(lang) ? lang : undefined;
  } catch {
    return undefined;
  }
}

/** Bodies of requests whose whole answer is their ack (see `answeredInAck`). */
const completeInAck = new WeakSet<object>();

/**
 * Says that this request's listener answers in its ack and does nothing
 * after it (`/greenlight help` when the caller's language is known): its ack
 * then takes no running slot. Otherwise every such ack waited its turn in the
 * work gate's queue after the answer had gone, and a stream of them, acked
 * faster than slots turn over, filled the queue and got later requests
 * answered "busy" (45–74 of 3,000 in the ack bench). Call it before `ack()`.
 */
export function answeredInAck(body: object): void {
  completeInAck.add(body);
}

/** Bodies of requests whose listener opens a modal after its ack (see `opensModal`). */
const openingModals = new WeakSet<object>();

/**
 * Listener middleware for a command, button or shortcut that opens a modal
 * after its ack: its trigger_id expires 3 s after Slack sent it, so its work
 * is urgent and does not queue behind background work (the work gate's
 * urgent slots). Put it before the listener: `app.command("/x", opensModal, …)`.
 */
export const opensModal: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  openingModals.add(body);
  await next();
};

/**
 * `opensModal` for a slash command that opens a modal only for some first
 * words (`/metrics log`, `/greenlight settings`): its other uses are
 * ordinary work after the ack.
 */
export function commandOpensModalFor(...verbs: string[]): Middleware<SlackCommandMiddlewareArgs> {
  const wanted = new Set(verbs.map((verb) => verb.toLowerCase()));
  return async ({ body, next }) => {
    const verb = body.text.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? "";
    if (wanted.has(verb)) openingModals.add(body);
    await next();
  };
}

/**
 * Submitted forms whose listener answers at once and stores after its
 * answer (see `afterAnswer`), by callback_id: they take no running slot
 * before their ack. Callback ids are constants of the app, so one set
 * serves every app instance of the process.
 */
const answeredBeforeWork = new Set<string>();

/**
 * Declares that the form `callbackId` answers its submission at once (a
 * "working on it" view, `response_action: "update"`) and does its work after
 * the answer with `afterAnswer`: such a submission is acked without waiting
 * for a running slot, so a burst of them cannot queue the acks behind each
 * other's stores. Its listener does nothing after its ack but through
 * `afterAnswer` (what it does before is pure: no slot is held). Forms that
 * still store before their ack (their result is a field error) keep the
 * slot-first path.
 */
export function answersBeforeWork(callbackId: string): void {
  answeredBeforeWork.add(callbackId);
}

function callbackIdOf(body: Body): string | undefined {
  const id = (body.view as { callback_id?: unknown } | null | undefined)?.callback_id;
  return typeof id === "string" ? id : undefined;
}

/**
 * What a form's work after its answer may leave for later: work nobody is
 * watching (messages to other people), run once the urgent slot is free.
 */
export type FollowUp = () => Promise<void>;

/** Work a listener left to run after its answer went out, by request body. */
const workAfterAnswer = new WeakMap<object, () => Promise<void | FollowUp>>();

/**
 * Runs `work` after the request's answer has gone to Slack, even where the
 * HTTP receiver holds the answer until the listener returns (tests'
 * processBeforeResponse): the listener returns at once, and `work` runs in
 * an urgent running slot, which the request keeps until `work` ends. For
 * forms declared with `answersBeforeWork`; call it after `await ack()`.
 * `work` answers for its own failures; one that escapes is logged.
 *
 * `work` may return a follow-up: it runs after the urgent slot is given
 * back, in another urgent slot taken at the back of the urgent line (always
 * admitted: what it sends was promised by the work; still ahead of
 * background work). A burst of submissions then shows each form its result
 * at the pace of the stores, not of the messages each one owes other people.
 */
export function afterAnswer(body: object, work: () => Promise<void | FollowUp>): void {
  workAfterAnswer.set(body, work);
}

/** Work a command's listener left to run after its ack, by request body. */
const detachedWork = new WeakMap<object, () => Promise<void>>();

/**
 * Acks, and leaves `work` to run once a running slot is free, after the
 * listener has returned: for a command whose work after its ack is long
 * (`/calendar`). A request that waits for its slot then holds `work` and
 * what it closes over, not the listener suspended in `await ack()` with
 * every Bolt middleware frame above it: 27 KB per queued `/calendar month`
 * (measured with a heap profile of 400 queued), which a burst of 200 kept
 * past two young-generation collections, so the GC copied and promoted it,
 * pausing every ack meanwhile. `work`'s failure is told to the person as a
 * listener's would be (src/slack/answer-every-request.ts).
 */
export async function ackThenWork(
  body: object,
  ack: () => Promise<void>,
  work: () => Promise<void>,
): Promise<void> {
  detachedWork.set(body, work);
  await ack();
}

/**
 * Puts every request Bolt receives (HTTP or Socket Mode: both receivers call
 * `app.processEvent`) through the gate: a request is admitted or answered
 * "busy" before any listener runs, so a refused request leaves nothing
 * behind; an admitted one acks at once as before, and what its listener
 * does after `await ack()` waits for a running slot. Events API deliveries
 * are always admitted (an uninstall must not be dropped, and there is nobody
 * to tell); Slack paces them per workspace.
 *
 * The busy answer is private and immediate: a command in its ack, a modal
 * with a field error (it stays open, the person's input kept), a button
 * through its response_url (src/slack/answer-every-request.ts, the one way
 * the app answers a request it could not serve).
 */
export function boundWorkAfterAck(
  app: App,
  gate: WorkGate,
  recent: RecentLanguages | undefined,
  slotWaitBeforeAckMs = SLOT_WAIT_BEFORE_ACK_MS,
): { answeredWorkDone(triggerId?: string): Promise<void> } {
  const process = app.processEvent.bind(app);
  /** Work running or waiting after its answer, with its request's trigger_id. */
  const running = new Map<Promise<void>, unknown>();
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    const body = event.body as Body;
    const ticket = gate.admit({ always: body.type === "event_callback" });
    const refuse = async () => {
      const text = busyText(recent, body);
      await event.ack(ackWith(body, text));
      if (body.type === "block_actions" || body.type === "shortcut")
        await tellAfterAck(body, text, app.client, app.logger);
    };
    if (!ticket) return refuse();
    // A submitted modal is answered with the result of its work (a field
    // error if the proposal could not be stored), so its work runs before
    // the ack: it takes a running slot first, like work after an ack, and a
    // burst of submissions cannot open more transactions than the database
    // pool serves. Someone is watching the form: the slot is an urgent one,
    // ahead of queued background work. Waiting is bounded so that the answer
    // still beats Slack's 3 seconds: past it, the busy answer (the modal
    // stays open, the person's input kept).
    // A form that answers before its work (answersBeforeWork) skips this:
    // its ack carries no result, and its work waits for an urgent slot after it.
    const submission = body.type === "view_submission";
    const answersFirst = submission && answeredBeforeWork.has(callbackIdOf(body) ?? "");
    if (submission && !answersFirst && !(await startsWithin(ticket, slotWaitBeforeAckMs))) {
      ticket.finish();
      return refuse();
    }
    let after: (() => Promise<void | FollowUp>) | undefined;
    try {
      await process({
        ...event,
        ack: async (response?: unknown) => {
          await event.ack(response);
          // Its work, if any, takes its slot once the listener has returned.
          if (answersFirst || detachedWork.has(body)) return;
          // Nothing follows the ack: no slot to wait for. (Work a global
          // middleware put after the ack, a team's first contact, then runs
          // without one: rare, and one small read.)
          if (completeInAck.has(body)) return;
          await ticket.startWork({ urgent: openingModals.has(body) });
          // Let requests that arrived meanwhile be read and acked first.
          await nextTurn();
        },
      });
      after = answersFirst ? workAfterAnswer.get(body) : detachedWork.get(body);
    } finally {
      if (!after) ticket.finish();
    }
    if (!after) return;
    // A form's work goes before background work (someone watches the form);
    // a command's waits its turn like any work after an ack, unless it opens a modal.
    runAfterAnswer(ticket, after, body, {
      urgent: answersFirst || openingModals.has(body),
      toldItsFailure: !answersFirst,
    });
  };

  /**
   * Runs `work` once `ticket` has a running slot; the slot is held until the
   * work (and not its follow-up) ends. Apart from the request's own scope,
   * so that what waits for the slot holds `work` and `body`, not the
   * request's event with its HTTP request and response.
   */
  const runAfterAnswer = (
    ticket: WorkTicket,
    work: () => Promise<void | FollowUp>,
    body: Body,
    { urgent, toldItsFailure }: { urgent: boolean; toldItsFailure: boolean },
  ): void => {
    const failed = async (error: unknown) => {
      app.logger.error(`Work after an answer failed: ${String(error)}`);
      // A form's work answers for its own failures; a command's is told here.
      if (toldItsFailure)
        await tellAfterAck(body, failureText(error, recent, body), app.client, app.logger);
    };
    const tracked: Promise<void> = ticket
      .startWork({ urgent })
      .then(nextTurn)
      .then(() => work())
      .then(
        async (followUp) => {
          ticket.finish();
          if (!followUp) return;
          const later = gate.admit({ always: true })!;
          try {
            await later.startWork({ urgent: true });
            await nextTurn();
            await followUp();
          } finally {
            later.finish();
          }
        },
        (error: unknown) => failed(error),
      )
      .catch(failed)
      .finally(() => {
        ticket.finish();
        running.delete(tracked);
      });
    running.set(tracked, body.trigger_id);
  };
  return {
    async answeredWorkDone(triggerId) {
      const mine = () =>
        [...running].filter(([, of]) => triggerId === undefined || of === triggerId);
      for (let left = mine(); left.length > 0; left = mine())
        await Promise.all(left.map(([work]) => work));
    },
  };
}

/** How long a submitted modal may wait for a running slot before its answer. */
export const SLOT_WAIT_BEFORE_ACK_MS = 1_500;

/** True when the ticket got its running slot within `ms`. */
async function startsWithin(ticket: WorkTicket, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([ticket.startWork({ urgent: true }).then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
