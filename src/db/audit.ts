import type { Db, Tx } from "./database.ts";

export interface AuditRecord {
  teamId: string;
  /** A Slack user id, or "system" for the scheduler. */
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string | number;
  detail?: Record<string, unknown>;
}

/** Appends to the audit trail; call it inside the transaction that makes the change. */
export async function recordAudit(db: Db | Tx, entry: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      teamId: entry.teamId,
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: String(entry.subjectId),
      detail: JSON.stringify(entry.detail ?? {}),
    },
  });
}

/**
 * A unique constraint refused the write (someone else got there first):
 * P2002 from a model query; a raw query fails with P2010 and the driver
 * adapter's kind of error.
 */
export function isUniqueViolation(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  return (
    code === "P2002" ||
    (code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation")
  );
}

/**
 * Runs an upsert-like transaction, and once more when a concurrent first
 * insert won the unique index: the second attempt finds that row and replaces it.
 */
export async function retryOnceOnUniqueViolation<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}
