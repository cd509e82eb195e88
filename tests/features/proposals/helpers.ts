import { expect } from "vitest";
import type { FakeMessage, FakeView } from "../../../src/sandbox/index.ts";
import type { Harness } from "../../support/harness.ts";

// The fake Slack's people: see src/sandbox/fake-slack.ts.
export const ALICE = "U_ALICE"; // manager
export const BOB = "U_BOB"; // approver
export const CAROL = "U_CAROL"; // proposer
export const DAVE = "U_DAVE";
export const HOUR = 60 * 60 * 1000;

export const ACTION = {
  approve: "proposal_approve",
  requestChanges: "proposal_request_changes",
  reject: "proposal_reject",
  withdraw: "proposal_withdraw",
  resubmit: "proposal_resubmit",
  edit: "proposal_edit",
} as const;

/** Drives the proposal flows of one harness, as people in Slack would. */
export function driver(h: Harness) {
  const db = h.database.db;

  async function role(userId: string, text: string): Promise<void> {
    const response = await h.slack.command(userId, "/role", text);
    expect(response.status).toBe(200);
  }

  /** Alice manages; `approver` (Bob by default) approves. */
  async function team(approver: string | null = BOB): Promise<void> {
    await role(ALICE, `assign <@${ALICE}|alice> manager`);
    if (approver) await role(ALICE, `assign <@${approver}> approver`);
  }

  /** Epoch seconds `hours` from the test clock's now. */
  function inHours(hours: number): number {
    return Math.floor((h.clock.now().getTime() + hours * HOUR) / 1000);
  }

  function values(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      text: "Our spring collection is live!",
      platforms: ["x", "linkedin"],
      publishAt: inHours(48),
      goal: "awareness",
      contentType: "text",
      ...overrides,
    };
  }

  async function openPropose(userId: string, text = ""): Promise<FakeView> {
    const response = await h.slack.command(userId, "/propose", text);
    expect(response.status).toBe(200);
    const view = h.fake.lastView(userId);
    if (!view) throw new Error(`no modal open for ${userId}`);
    expect(view.callback_id).toBe("proposal_propose");
    return view;
  }

  /** Proposes a post through the modal and returns the stored proposal. */
  async function propose(userId: string, overrides: Record<string, unknown> = {}) {
    const view = await openPropose(userId);
    const response = await h.slack.submitView(userId, view, values(overrides));
    expect(response.status).toBe(200);
    // Answered at once with "Sending…", then updated with the result.
    expect(response.json).toMatchObject({ response_action: "update" });
    expect(response.viewError).toBeNull();
    expect(JSON.stringify(h.fake.view(view.id)?.blocks)).toContain(":white_check_mark:");
    return db.proposal.findFirstOrThrow({ where: { proposerId: userId }, orderBy: { id: "desc" } });
  }

  function hasButton(message: { blocks?: unknown[] }, actionId: string): boolean {
    return JSON.stringify(message.blocks ?? []).includes(`"action_id":"${actionId}"`);
  }

  /** A copy of a message as the person saw it at that moment. */
  function snapshot(message: FakeMessage | undefined): FakeMessage {
    if (!message) throw new Error("no such message");
    return structuredClone(message);
  }

  /** The live request (with buttons) for proposal `id` in `userId`'s DMs. */
  function request(userId: string, id: number): FakeMessage {
    const found = h.fake
      .dmsTo(userId)
      .filter((m) => hasButton(m, ACTION.approve) && JSON.stringify(m.blocks).includes(`#${id}`));
    const last = found.at(-1);
    if (!last) throw new Error(`no approval request for #${id} in ${userId}'s DMs`);
    // A snapshot: the fake updates its messages in place, a stale screen keeps its buttons.
    return structuredClone(last);
  }

  /** The current state of a message (after chat.update). */
  function current(message: FakeMessage): FakeMessage {
    const found = h.fake.messagesIn(message.channel).find((m) => m.ts === message.ts);
    if (!found) throw new Error(`message ${message.ts} is gone`);
    return found;
  }

  function updatesOf(message: FakeMessage) {
    return h.fake.callsTo("chat.update").filter((call) => call.args.ts === message.ts);
  }

  function lastPrivate(userId: string): string {
    const last = h.fake.ephemeralsTo(userId).at(-1);
    if (!last) throw new Error(`no private reply to ${userId}`);
    return String(last.text);
  }

  /** DMs to `userId` whose text or blocks contain `needle`. */
  function dmsContaining(userId: string, needle: string): FakeMessage[] {
    return h.fake
      .dmsTo(userId)
      .filter((m) => `${m.text ?? ""}${JSON.stringify(m.blocks ?? [])}`.includes(needle));
  }

  async function click(userId: string, message: FakeMessage, actionId: string) {
    const response = await h.slack.clickButton(userId, message, actionId);
    expect(response.status).toBe(200);
    return response;
  }

  /** Clicks Reject or Request changes and fills in the reason. */
  async function decideWithReason(
    userId: string,
    message: FakeMessage,
    actionId: string,
    reason: string,
  ) {
    await click(userId, message, actionId);
    const view = h.fake.lastView(userId);
    if (!view) throw new Error("no reason modal");
    expect(view.callback_id).toBe("proposal_reason");
    return h.slack.submitView(userId, view, { reason });
  }

  return {
    db,
    role,
    team,
    inHours,
    values,
    openPropose,
    propose,
    hasButton,
    snapshot,
    request,
    current,
    updatesOf,
    lastPrivate,
    dmsContaining,
    click,
    decideWithReason,
  };
}
