import { readdirSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

// Each driver is loaded only when its provider is migrated: a SQLite start
// never loads pg, a PostgreSQL start never loads better-sqlite3.
const require = createRequire(import.meta.url);

/**
 * Applies prisma/migrations/<provider>/NNNN_name/migration.sql in order, once
 * each, recording them in `_greenlight_migrations`. The SQL is what
 * `prisma migrate diff` wrote (npm run db:migration); applying it here rather
 * than through the Prisma CLI keeps start-up fast and needs no schema engine.
 * Two replicas starting together are serialised by a lock (PostgreSQL
 * advisory lock, SQLite write lock), so a migration never runs twice.
 */
export type Provider = "sqlite" | "postgresql";

const MIGRATIONS_ROOT = join(import.meta.dirname, "../../prisma/migrations");
// Any constant works; it only has to be the same for every replica.
const ADVISORY_LOCK_KEY = 7_210_431;

interface Migration {
  name: string;
  sql: string;
}

export function listMigrations(provider: Provider): Migration[] {
  const dir = join(MIGRATIONS_ROOT, provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => /^\d{4}_/.test(entry))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, "migration.sql"), "utf8") }));
}

export function migrateSqlite(filename: string): string[] {
  const BetterSqlite3 = require("better-sqlite3") as typeof import("better-sqlite3");
  const db = new BetterSqlite3(filename);
  try {
    // WAL lets the app and the CLI (or a second process) read while one writes.
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.exec(
      `CREATE TABLE IF NOT EXISTS "_greenlight_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`,
    );
    const applied: string[] = [];
    const run = db.transaction(() => {
      const done = new Set(
        db
          .prepare(`SELECT "name" FROM "_greenlight_migrations"`)
          .all()
          .map((row) => (row as { name: string }).name),
      );
      for (const migration of listMigrations("sqlite")) {
        if (done.has(migration.name)) continue;
        db.exec(migration.sql);
        db.prepare(`INSERT INTO "_greenlight_migrations" ("name", "appliedAt") VALUES (?, ?)`).run(
          migration.name,
          new Date().toISOString(),
        );
        applied.push(migration.name);
      }
    });
    run.immediate();
    return applied;
  } finally {
    db.close();
  }
}

export async function migratePostgres(connectionString: string): Promise<string[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_greenlight_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL)`,
    );
    const { rows } = await client.query<{ name: string }>(
      `SELECT "name" FROM "_greenlight_migrations"`,
    );
    const done = new Set(rows.map((row) => row.name));
    const applied: string[] = [];
    for (const migration of listMigrations("postgresql")) {
      if (done.has(migration.name)) continue;
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_greenlight_migrations" ("name", "appliedAt") VALUES ($1, now())`,
        [migration.name],
      );
      applied.push(migration.name);
    }
    await client.query("COMMIT");
    return applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
