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

  it("is what the database plans for the job's query", async () => {
    const query = `SELECT id FROM "Proposal" WHERE status = 'pending' AND "publishAt" <= $1 ORDER BY "publishAt", id LIMIT 100`;
    const plan =
      TEST_DB === "sqlite"
        ? (
            await database.db.$queryRawUnsafe<Array<{ detail: string }>>(
              `EXPLAIN QUERY PLAN ${query.replace("$1", "?")}`,
              Date.now(),
            )
          ).map((row) => row.detail)
        : // PostgreSQL prefers a scan of a table this small; without that
          // option it must show which index serves the query.
          (
            await database.db.$transaction([
              database.db.$executeRawUnsafe(`SET LOCAL enable_seqscan = off`),
              database.db.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(
                `EXPLAIN ${query}`,
                new Date(),
              ),
            ])
          )[1].map((row) => row["QUERY PLAN"]);
    expect(plan.join("\n")).toContain("Proposal_status_publishAt_idx");
  });
});
