import type { App, ReceiverEvent } from "@slack/bolt";
import type { Logger } from "@slack/bolt";
import { WorkGate } from "./work-gate.ts";

/** What the person reads when the process is full; nothing was done or stored. */
export const busyText =
  "Greenlight is busy right now and did nothing with this. Try again in a moment.";

/** Where a busy answer goes when the request carries no response_url (App Home buttons). */
export type DirectMessage = (
  teamId: string | undefined,
  userId: string,
  text: string,
) => Promise<void>;

interface Body {
  type?: unknown;
  command?: unknown;
  response_url?: unknown;
  user?: { id?: unknown };
  team?: { id?: unknown } | null;
  view?: { blocks?: unknown };
}

/** The first input block of a submitted modal: where its field error shows. */
function firstInputBlock(view: Body["view"]): string | undefined {
  const blocks = Array.isArray(view?.blocks) ? (view.blocks as unknown[]) : [];
  for (const block of blocks) {
    const b = block as { type?: unknown; block_id?: unknown };
    if (b.type === "input" && typeof b.block_id === "string") return b.block_id;
  }
  return undefined;
}

/**
 * Answers a request the process has no room for, privately and at once:
 * a command in its ack, a modal with a field error (it stays open, the
 * person's input kept), a button through its response_url or else a DM.
 */
async function answerBusy(event: ReceiverEvent, dm: DirectMessage, logger: Logger): Promise<void> {
  const body = event.body as Body;
  if (typeof body.command === "string") {
    return event.ack({ response_type: "ephemeral", text: busyText });
  }
  if (body.type === "view_submission") {
    const blockId = firstInputBlock(body.view);
    return event.ack(
      blockId ? { response_action: "errors", errors: { [blockId]: busyText } } : undefined,
    );
  }
  if (body.type === "block_suggestion") return event.ack({ options: [] });
  await event.ack();
  if (body.type !== "block_actions" && body.type !== "shortcut" && body.type !== "message_action")
    return;
  try {
    if (typeof body.response_url === "string") {
      const response = await fetch(body.response_url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          response_type: "ephemeral",
          replace_original: false,
          text: busyText,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    } else if (typeof body.user?.id === "string") {
      const teamId = typeof body.team?.id === "string" ? body.team.id : undefined;
      await dm(teamId, body.user.id, busyText);
    }
  } catch (error) {
    logger.warn(`Could not tell the person Greenlight is busy: ${String(error)}`);
  }
}

/**
 * Puts every request Bolt receives (HTTP or Socket Mode: both receivers call
 * `app.processEvent`) through the gate: a request is admitted or answered
 * "busy" before any listener runs, so a refused request leaves nothing
 * behind; an admitted one acks at once as before, and what its listener
 * does after `await ack()` waits for a running slot. Events API deliveries
 * are always admitted (an uninstall must not be dropped, and there is nobody
 * to tell); Slack paces them per workspace.
 */
export function boundWorkAfterAck(app: App, gate: WorkGate, dm: DirectMessage): void {
  const process = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    const isEvent = (event.body as Body).type === "event_callback";
    const ticket = gate.admit({ always: isEvent });
    if (!ticket) return answerBusy(event, dm, app.logger);
    try {
      await process({
        ...event,
        ack: async (response?: unknown) => {
          await event.ack(response);
          await ticket.startWork();
        },
      });
    } finally {
      ticket.finish();
    }
  };
}
