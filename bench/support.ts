import type { Config } from "../src/config.ts";
/**
 * Shared pieces of the benchmarks: fresh temporary databases (a SQLite file,
 * a new PostgreSQL database that is dropped afterwards), free ports, figures
 * and the combined table.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

export const ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

/** One line of the combined table. `met` is null for figures without a target. */
export interface Figure {
  figure: string;
  value: string;
  target: string;
  met: boolean | null;
}

export interface TempDatabase {
  kind: "SQLite" | "PostgreSQL";
  url: string;
  drop(): Promise<void>;
}

export function tempSqlite(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-bench-"));
  return {
    kind: "SQLite",
    url: `file:${join(dir, "bench.db")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function tempPostgres(): Promise<TempDatabase> {
  const name = `greenlight_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind: "PostgreSQL",
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A port nothing listens on right now (for a child process that needs a fixed PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The p-th percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function printTable(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  console.log("| figure | value | target | met |");
  console.log("|---|---|---|---|");
  for (const f of figures) {
    const met = f.met === null ? "–" : f.met ? "yes" : "NO";
    console.log(`| ${f.figure} | ${f.value} | ${f.target} | ${met} |`);
  }
}

/** True when the module at `metaUrl` is the script node was asked to run. */
export function isMain(metaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === metaUrl;
}

/** Runs a bench on its own (`tsx bench/x.ts`): prints its table, exits non-zero on error. */
export function runAlone(title: string, bench: () => Promise<Figure[]>): void {
  bench().then(
    (figures) => {
      printTable(title, figures);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** The app's configuration for a bench: HTTP mode on a free port, quiet logs. */
export function benchConfig(
  databaseUrl: string,
  slackApiUrl: string,
  signingSecret: string,
): Config {
  return {
    mode: "http",
    botToken: "xoxb-bench-token",
    signingSecret,
    appToken: undefined,
    databaseUrl,
    port: 0,
    slackApiUrl,
    logLevel: "error",
  };
}
