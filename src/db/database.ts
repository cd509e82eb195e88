import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { migratePostgres, migrateSqlite, type Provider } from "./migrate.ts";
import { nextTurn } from "../shared/turns.ts";

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
      adapter: turnByTurn(
        new PrismaPg({
          connectionString: url,
          max: POSTGRES_POOL_SIZE,
          connectionTimeoutMillis: 5_000,
          query_timeout: 15_000,
        }),
        { transactionsOnePerTurn: false },
      ),
      log,
    }) as unknown as Db;
  } else {
    const filename = resolve(url.replace(/^file:/, ""));
    mkdirSync(dirname(filename), { recursive: true });
    migrateSqlite(filename);
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    const { PrismaClient } = await import("../generated/sqlite/client.ts");
    db = new PrismaClient({
      adapter: turnByTurn(new PrismaBetterSQLite3({ url: `file:${filename}`, timeout: 5000 }), {
        transactionsOnePerTurn: true,
      }),
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

/** What both driver adapters' factories (better-sqlite3, pg) have in common here. */
interface AdapterFactory {
  connect(): ReturnType<SqliteFactory["connect"]>;
}

/**
 * Work after an ack gives the event loop away before each statement it
 * sends outside a transaction and before each transaction it starts
 * (`nextTurn`, src/shared/turns.ts), so that the requests arriving meanwhile
 * are read and acked between a request's queries rather than after all of
 * them, and a burst's connections are accepted before more work runs.
 *
 * On SQLite this matters most: better-sqlite3 runs each statement
 * synchronously, and Prisma's promises resolve as microtasks, so without it
 * a request's whole work after its ack (several queries, then rendering)
 * runs in one stretch. On PostgreSQL each query's answer resumes its work on
 * the event loop as soon as it comes, between the acks, unless it waits too.
 *
 * Statements inside a transaction run as before, one after the other (the
 * transaction holds its connection; giving the turn away there would only
 * hold it longer). On SQLite transactions also start one per turn: several
 * started in the same turn (the work slots after a burst of submissions)
 * would otherwise take the one connection one after the other within that
 * turn, each running to its commit, and the acks waiting to be read would
 * wait for all of them.
 */
function turnByTurn<F extends AdapterFactory>(
  factory: F,
  { transactionsOnePerTurn }: { transactionsOnePerTurn: boolean },
): F {
  const wrapped: AdapterFactory = factory;
  const connect = factory.connect.bind(factory);
  wrapped.connect = async () => {
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
      const turn = transactionsOnePerTurn ? lastStart.then(nextTurn) : nextTurn();
      lastStart = turn;
      await turn;
      return startTransaction(isolationLevel);
    };
    return adapter;
  };
  return factory;
}
