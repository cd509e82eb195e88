import type { Tx } from "../../db/database.ts";
import type { Posted } from "../dm.ts";
import type { SlackFailure } from "../errors.ts";
import type { OutboxItem, OutboxRow } from "./outbox.ts";

/**
 * What a kind of outbox row needs besides being sent: a feature registers its
 * purposes once (at import) and the worker runs their hooks inside the
 * transaction that records the row's outcome.
 */
export interface OutboxPurpose {
  /** The message landed (`where`): record its channel and ts where the feature needs them. */
  delivered?(tx: Tx, row: OutboxRow, context: unknown, where: Posted): Promise<void>;
  /**
   * Slack refused it for good, or may or may not have delivered it
   * (`failure.class` says which). Returns messages to send instead (e.g. tell
   * the proposer); they are written in the same transaction.
   */
  failed?(tx: Tx, row: OutboxRow, context: unknown, failure: SlackFailure): Promise<OutboxItem[]>;
  /**
   * The managers are told about a permanent failure unless this says not to
   * (a notice to the managers themselves must not beget another).
   */
  tellManagers?: boolean;
}

const purposes = new Map<string, OutboxPurpose>();

export function defineOutboxPurpose(name: string, purpose: OutboxPurpose): string {
  purposes.set(name, purpose);
  return name;
}

export function outboxPurpose(name: string): OutboxPurpose | undefined {
  return purposes.get(name);
}
