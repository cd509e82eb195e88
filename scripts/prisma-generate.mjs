// postinstall: derive the PostgreSQL schema and generate both Prisma clients.
// Runs offline: prisma.config.ts points the CLI at the Wasm engine.
import { writePostgresSchema, prisma } from "./prisma-schemas.mjs";

writePostgresSchema();
for (const provider of ["sqlite", "postgresql"]) {
  prisma(provider, ["generate"]);
  console.log(`Prisma client generated for ${provider}`);
}
