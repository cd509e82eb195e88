import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.ts";
import { createTestDatabase, TEST_DB, type TestDatabase } from "../../support/database.ts";

/**
 * The per-minute expiry job asks every team at once for pending proposals
 * whose publish time has passed (overdueEverywhere in proposals/store.ts):
 * without an index led by (status, publishAt) that is a full scan of every
 * proposal ever made, each minute, in every replica.
 */
let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  database = await testDb.open();
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
});

describe("the expiry query's index", () => {
  it("exists on (status, publishAt), in that order", async () => {
    const columns =
      TEST_DB === "sqlite"
        ? (
            await database.db.$queryRawUnsafe<Array<{ name: string }>>(
              `SELECT name FROM pragma_index_info('Proposal_status_publishAt_idx') ORDER BY seqno`,
            )
          ).map((row) => row.name)
        : (
            await database.db.$queryRawUnsafe<Array<{ indexdef: string }>>(
              `SELECT indexdef FROM pg_indexes WHERE tablename = 'Proposal' AND indexname = 'Proposal_status_publishAt_idx'`,
            )
          ).flatMap((row) => /\((.*)\)/.exec(row.indexdef)?.[1]?.split(", ") ?? []);
    expect(columns.map((c) => c.replaceAll('"', ""))).toEqual(["status", "publishAt"]);
  });

  it.runIf(TEST_DB === "sqlite")("is what SQLite uses for the job's query", async () => {
    const plan = await database.db.$queryRawUnsafe<Array<{ detail: string }>>(
      `EXPLAIN QUERY PLAN SELECT id FROM "Proposal" WHERE status = 'pending' AND "publishAt" <= ? ORDER BY "publishAt", id LIMIT 100`,
      Date.now(),
    );
    expect(plan.map((row) => row.detail).join("\n")).toContain("Proposal_status_publishAt_idx");
  });
});
