// Prisma CLI configuration. The CLI runs on the Wasm schema engine through a
// driver adapter (engine "js"), so `prisma generate` and `prisma migrate diff`
// need no native engine download: only the npm registry is reachable on our
// build machines. PRISMA_PROVIDER picks which of the two schemas to work on.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const provider = process.env.PRISMA_PROVIDER === "postgresql" ? "postgresql" : "sqlite";
const url =
  process.env.PRISMA_CLI_DATABASE_URL ??
  (provider === "postgresql" ? "postgresql://root@127.0.0.1:5432/postgres" : "file::memory:");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: provider === "postgresql" ? "prisma/generated/postgresql.prisma" : "prisma/schema.prisma",
  adapter: async () =>
    provider === "postgresql"
      ? new PrismaPg({ connectionString: url })
      : new PrismaBetterSQLite3({ url }),
});
