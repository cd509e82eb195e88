// npm run db:migration -- <name>
// Writes the SQL that takes each provider's database from the model as of the
// last migration (kept as schema.snapshot.prisma) to prisma/schema.prisma.
// `prisma migrate diff` between two schema files needs no database.
import { existsSync, readdirSync, mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { root, schemas, writePostgresSchema, prisma } from "./prisma-schemas.mjs";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run db:migration -- <name>");
  process.exit(2);
}
writePostgresSchema();
for (const provider of ["sqlite", "postgresql"]) {
  const dir = join(root, "prisma/migrations", provider);
  mkdirSync(dir, { recursive: true });
  const snapshot = join(dir, "schema.snapshot.prisma");
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = prisma(provider, [
    "migrate",
    "diff",
    ...from,
    "--to-schema-datamodel",
    schemas[provider],
    "--script",
  ]);
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log(`${provider}: no change`);
    continue;
  }
  const count = readdirSync(dir).filter((entry) => /^\d{4}_/.test(entry)).length;
  const folder = join(dir, `${String(count + 1).padStart(4, "0")}_${name}`);
  mkdirSync(folder);
  writeFileSync(join(folder, "migration.sql"), sql);
  copyFileSync(schemas[provider], snapshot);
  console.log(`${provider}: wrote ${folder}/migration.sql`);
}
