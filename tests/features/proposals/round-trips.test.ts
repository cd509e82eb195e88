import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, BOB, CAROL, driver } from "./helpers.ts";

/**
 * Every statement the app sends to the database, counted at the driver:
 * better-sqlite3's prepare/exec (BEGIN and COMMIT included) or pg's
 * Client#query (every query the pool sends, BEGIN and COMMIT included).
 * A count, not a time: it is the same on every machine.
 */
function countStatements(): { start(): void; stop(): string[]; uninstall(): void } {
  const sqlite = BetterSqlite3.prototype as unknown as Record<
    "prepare" | "exec",
    (this: unknown, sql: string) => unknown
  >;
  const client = pg.Client.prototype as unknown as {
    query(this: unknown, ...args: unknown[]): unknown;
  };
  const { prepare, exec } = sqlite;
  const { query } = client;
  let seen: string[] | null = null;
  sqlite.prepare = function (sql) {
    seen?.push(sql);
    return prepare.call(this, sql);
  };
  sqlite.exec = function (sql) {
    seen?.push(sql);
    return exec.call(this, sql);
  };
  client.query = function (...args) {
    const first = args[0];
    seen?.push(typeof first === "string" ? first : String((first as { text?: string })?.text));
    return query.apply(this, args);
  };
  return {
    start: () => {
      seen = [];
    },
    stop: () => {
      const all = seen ?? [];
      seen = null;
      return all;
    },
    uninstall: () => {
      sqlite.prepare = prepare;
      sqlite.exec = exec;
      client.query = query;
    },
  };
}

let h: Harness;
let d: ReturnType<typeof driver>;
let counter: ReturnType<typeof countStatements>;
beforeEach(async () => {
  counter = countStatements();
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
  counter.uninstall();
});

/**
 * What one Approve click sends to the database, in order (see `decide` in
 * store.ts). The claim is one statement: on PostgreSQL data-modifying CTEs,
 * on SQLite the decision's INSERT and its trigger.
 */
const APPROVE = [
  /^BEGIN/i,
  // the claim, the rule, the decision, the requests closed, the audit entry, the messages' context
  /^(WITH claimed AS \( UPDATE "Proposal" SET "status"|INSERT INTO "Decision" .* FROM "Proposal" WHERE)/,
  /^INSERT INTO .*OutboxMessage/, // every message owed, one INSERT
  /^COMMIT/i,
  /^UPDATE "OutboxMessage" SET "startedAt"/, // the proposer's DM is about to be sent
  /^UPDATE "OutboxMessage" SET "status" = 'delivered'/, // all three delivered, one UPDATE
];

describe("database round trips", () => {
  it("one Approve click takes 6 statements, BEGIN and COMMIT included, and decides once", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);

    counter.start();
    await d.click(BOB, request, ACTION.approve);
    expect(await h.app.built.drain(10_000)).toBe(true);
    const statements = counter.stop();

    const shown = statements.map((sql) => sql.replace(/\s+/g, " ").trim());
    expect(shown.map((sql) => sql.slice(0, 60))).toHaveLength(APPROVE.length);
    APPROVE.forEach((pattern, i) => expect(shown[i]).toMatch(pattern));
    expect(await d.db.decision.count()).toBe(1);
    expect(await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      status: "approved",
    });
    expect(await d.db.approvalMessage.findMany({ select: { state: true } })).toEqual([
      { state: "decided" },
    ]);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.approved" } })).toBe(1);
    expect(d.dmsContaining(CAROL, "approved your proposal")).toHaveLength(1);
    expect(d.updatesOf(request)).toHaveLength(1);
  });

  it("a second click on the decided request writes nothing and says who decided", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    await d.click(BOB, request, ACTION.approve);

    counter.start();
    await d.click(BOB, request, ACTION.approve);
    expect(await h.app.built.drain(10_000)).toBe(true);
    const statements = counter.stop();

    // The claim that lost (it wrote nothing), then only reads to word the answer.
    const claim = /^\s*(WITH claimed AS|INSERT INTO "Decision")/;
    expect(statements.filter((sql) => claim.test(sql)).length).toBeGreaterThan(0);
    const writes = statements.filter((sql) => /^\s*(INSERT|DELETE)/i.test(sql) && !claim.test(sql));
    expect(writes).toEqual([]);
    expect(await d.db.decision.count()).toBe(1);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.approved" } })).toBe(1);
    expect(d.lastPrivate(BOB)).toContain("approved");
  });
});
