import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";

/**
 * A statement sent outside a transaction is never part of someone else's
 * transaction. On SQLite every statement shares one connection, so a
 * statement that ran while another request's transaction was open would be
 * committed or rolled back with it: half of another request's work.
 */
describe("statements outside a transaction", () => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = await testDb.open();
    await database.db.$executeRawUnsafe(`CREATE TABLE scratch (v TEXT NOT NULL)`);
  });

  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it("keep their writes when a transaction open at the same time rolls back", async () => {
    const { db } = database;
    let opened!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`INSERT INTO scratch (v) VALUES ('inside')`);
        opened();
        // The transaction waits on something else (a timer stands for any I/O).
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("roll back");
      })
      .catch((error: unknown) => String(error));
    await transactionOpen;
    const outside = db.$executeRawUnsafe(`INSERT INTO scratch (v) VALUES ('outside')`);
    expect(await rolledBack).toContain("roll back");
    await outside;
    const rows = await db.$queryRawUnsafe<Array<{ v: string }>>(`SELECT v FROM scratch`);
    expect(rows.map((row) => row.v)).toEqual(["outside"]);
  });
});
