import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.ts";
import { closeServer, createHttpServer, listen } from "../../../src/server.ts";
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

/**
 * Work after an ack waits before each statement it sends outside a
 * transaction until the connections arriving at the app's HTTP server have
 * been accepted (src/shared/turns.ts): Node accepts one connection per turn
 * of the event loop, so a burst of Slack requests on new connections would
 * otherwise wait behind a turn of other requests' work per connection.
 */
describe("statements after the ack, while a burst of connections arrives", () => {
  let testDb: TestDatabase;
  let database: Database;
  let server: Server;
  let port: number;
  const clients: Socket[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = await testDb.open();
    server = createHttpServer({ database, receiver: null, signingSecret: "unused" });
    port = await listen(server, 0, "127.0.0.1");
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await closeServer(server);
    await database.close();
    await testDb.drop();
  });

  it("are sent once every connection made at once has been accepted", async () => {
    let accepted = 0;
    server.on("connection", () => (accepted += 1));
    const burst = 40;
    // The connections are made (the kernel holds them) before the statement is sent.
    await Promise.all(
      Array.from(
        { length: burst },
        () =>
          new Promise<void>((resolve, reject) => {
            const client = connect(port, "127.0.0.1", resolve);
            client.once("error", reject);
            clients.push(client);
          }),
      ),
    );
    expect(accepted).toBeLessThan(burst);
    let acceptedWhenSent = -1;
    await database.db.$queryRawUnsafe("SELECT 1").then(() => (acceptedWhenSent = accepted));
    expect(acceptedWhenSent).toBe(burst);
  });
});
