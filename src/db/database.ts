import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { migratePostgres, migrateSqlite, type Provider } from "./migrate.ts";

/**
 * Both generated clients come from one data model and expose the same API;
 * the SQLite one's type stands for both.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface Database {
  db: Db;
  provider: Provider;
  /** A real round trip; false when the database does not answer. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connections in one process's PostgreSQL pool. Scheduled work runs at most
 * TEAM_CONCURRENCY teams at once (src/scheduler/parallel.ts), kept below this
 * so requests always find a connection and no waiter times out.
 */
export const POSTGRES_POOL_SIZE = 10;

export interface OpenOptions {
  /** Called for every SQL query with its duration as Prisma measured it (benchmarks count round trips and database time with it). */
  onQuery?: (sql: string, durationMs: number) => void;
}

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** The provider a client (or one of its transactions) talks to, for SQL written per dialect. */
export function providerOfClient(db: Db | Tx): Provider {
  return (db as unknown as { _activeProvider: string })._activeProvider === "postgresql"
    ? "postgresql"
    : "sqlite";
}

/** Opens the database named by DATABASE_URL, creating and migrating it first. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  const log = options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : [];
  let db: Db;
  // Only the provider in use is loaded: each client carries its own query
  // compiler, and loading both would cost start-up time and memory.
  if (provider === "postgresql") {
    await migratePostgres(url);
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { PrismaClient: PostgresClient } = await import("../generated/postgres/client.ts");
    db = new PostgresClient({
      // A server that stops answering must fail a request (and the person be
      // told to try again), not hold it forever: 5 s to connect, 15 s a query.
      adapter: new PrismaPg({
        connectionString: url,
        max: POSTGRES_POOL_SIZE,
        connectionTimeoutMillis: 5_000,
        query_timeout: 15_000,
      }),
      log,
    }) as unknown as Db;
  } else {
    const filename = resolve(url.replace(/^file:/, ""));
    mkdirSync(dirname(filename), { recursive: true });
    migrateSqlite(filename);
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const { PrismaClient } = await import("../generated/sqlite/client.ts");
    db = new PrismaClient({
      adapter: turnByTurn(new PrismaBetterSQLite3({ url: `file:${filename}`, timeout: 5000 })),
      log,
    });
  }
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (
      db as unknown as {
        $on(event: "query", cb: (e: { query: string; duration: number }) => void): void;
      }
    ).$on("query", (event) => onQuery(event.query, Number(event.duration)));
  }
  return {
    db,
    provider,
    async ping() {
      try {
        await db.$queryRawUnsafe("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.$disconnect();
    },
  };
}

type SqliteFactory = PrismaBetterSQLite3;

/** Resolves on the event loop's next turn, after the I/O that is ready has been served. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * better-sqlite3 runs each statement synchronously, and Prisma's promises
 * resolve as microtasks: without this, a request's whole work after its ack
 * (several queries, then rendering) runs in one stretch, and the requests
 * that arrived meanwhile wait for it to end before they are even read, let
 * alone acknowledged. Each statement outside a transaction and each
 * transaction's start first waits for the next turn of the event loop, so
 * incoming requests are read (and acked) between a request's queries.
 *
 * Statements inside a transaction run as before, one after the other (the
 * transaction holds the one connection; giving the turn away there would
 * only hold it longer). Transactions start one per turn: several started in
 * the same turn (the work slots after a burst of submissions) would
 * otherwise take the connection one after the other within that turn, each
 * running to its commit, and the acks waiting to be read would wait for all
 * of them.
 */
function turnByTurn(factory: SqliteFactory): SqliteFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.queryRaw = async (query) => {
      await nextTurn();
      return queryRaw(query);
    };
    adapter.executeRaw = async (query) => {
      await nextTurn();
      return executeRaw(query);
    };
    let lastStart: Promise<void> = Promise.resolve();
    adapter.startTransaction = async (isolationLevel) => {
      const turn = lastStart.then(nextTurn);
      lastStart = turn;
      await turn;
      return startTransaction(isolationLevel);
    };
    return adapter;
  };
  return factory;
}
