import type { Config } from "../src/config.ts";
/**
 * Shared pieces of the benchmarks: fresh temporary databases (a SQLite file,
 * a new PostgreSQL database that is dropped afterwards), free ports, figures
 * and the combined table.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
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

/** A fresh copy of a database (closed: nothing may be connected to it). */
export async function copyDatabase(source: TempDatabase): Promise<TempDatabase> {
  if (source.kind === "PostgreSQL") return tempPostgres(source);
  const copy = tempSqlite();
  copyFileSync(source.url.replace(/^file:/, ""), copy.url.replace(/^file:/, ""));
  return copy;
}

export function tempSqlite(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-bench-"));
  return {
    kind: "SQLite",
    url: `file:${join(dir, "bench.db")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs statements on the PostgreSQL server's maintenance database. */
export async function adminQuery(...statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** The database name of a PostgreSQL URL. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** A new PostgreSQL database, empty or a copy of `template`. */
export async function tempPostgres(template?: TempDatabase): Promise<TempDatabase> {
  const name = `greenlight_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(
    template
      ? `CREATE DATABASE "${name}" TEMPLATE "${databaseName(template.url)}"`
      : `CREATE DATABASE "${name}"`,
  );
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

/** min, median and max of a list. */
export function minMedianMax(values: readonly number[]): {
  min: number;
  median: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? NaN,
    median: percentile(sorted, 50),
    max: sorted.at(-1) ?? NaN,
  };
}

/** "median (min–max)" of a list, with `digits` decimals. */
export function spread(values: readonly number[], digits = 1): string {
  const { min, median, max } = minMedianMax(values);
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
}
