// Prisma needs one schema per provider. prisma/schema.prisma (SQLite) is the
// one we edit; the PostgreSQL schema is derived from it here so the two can
// never drift apart.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const schemas = {
  sqlite: join(root, "prisma/schema.prisma"),
  postgresql: join(root, "prisma/generated/postgresql.prisma"),
};

export function writePostgresSchema() {
  const source = readFileSync(schemas.sqlite, "utf8");
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(
      'output     = "../src/generated/sqlite"',
      'output     = "../../src/generated/postgres"',
    )
    .replace(
      'url      = "file:./data/greenlight.db"',
      'url      = "postgresql://localhost/greenlight"',
    );
  if (!derived.includes('provider = "postgresql"') || !derived.includes("src/generated/postgres")) {
    throw new Error("prisma/schema.prisma no longer has the lines this script rewrites");
  }
  mkdirSync(dirname(schemas.postgresql), { recursive: true });
  writeFileSync(
    schemas.postgresql,
    "// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs: do not edit.\n" +
      derived,
  );
}

/** Runs the Prisma CLI for one provider (see prisma.config.ts) and returns stdout. */
export function prisma(provider, args) {
  const result = spawnSync(join(root, "node_modules/.bin/prisma"), args, {
    cwd: root,
    env: { ...process.env, PRISMA_PROVIDER: provider, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`prisma ${args.join(" ")} failed for ${provider}`);
  }
  return result.stdout;
}
