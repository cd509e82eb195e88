/** The outbox: messages owed after a state change, written with it, delivered once. */
export {
  enqueue,
  OUTBOX_LEASE_MS,
  type OutboxBatch,
  type OutboxItem,
  type OutboxRow,
} from "./outbox.ts";
export { defineOutboxPurpose, type OutboxPurpose } from "./purposes.ts";
export {
  deliverOutbox,
  pollOutbox,
  tellManagersOnce,
  MANAGER_NOTICE,
  type DeliveryReport,
  type FailedSend,
} from "./worker.ts";
