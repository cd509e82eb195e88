// postinstall: derive the PostgreSQL schema and generate both Prisma clients.
// Runs offline: prisma.config.ts points the CLI at the Wasm engine.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writePostgresSchema, prisma, root } from "./prisma-schemas.mjs";

const outputs = { sqlite: "src/generated/sqlite", postgresql: "src/generated/postgres" };

/**
 * The generated client loads its query compiler from an ES module that
 * exports the Wasm binary as a 2.4 MB base64 string. An ES module stays
 * loaded for the life of the process, so its source and that string (4.9 MB
 * of heap together) would stay too, though they are read once, when the
 * client starts. The CommonJS copy of the same module (in @prisma/client's
 * exports too) can be let go: it is loaded, decoded, then dropped from
 * require's cache. Fails here, at generation, if Prisma's output changes.
 */
function loadCompilerOnce(provider) {
  const file = join(root, outputs[provider], "internal/class.ts");
  const source = readFileSync(file, "utf8");
  const module = `@prisma/client/runtime/query_compiler_bg.${provider}.wasm-base64`;
  const generated = [
    `    const { wasm } = await import("${module}.mjs")`,
    `    return await decodeBase64AsWasm(wasm)`,
  ].join("\n");
  const once = [
    `    // Loaded once and let go (scripts/prisma-generate.mjs says why).`,
    `    const { createRequire } = await import("node:module")`,
    `    const require = createRequire(import.meta.url)`,
    `    const path = require.resolve("${module}.js")`,
    `    try {`,
    `      return await decodeBase64AsWasm((require(path) as { wasm: string }).wasm)`,
    `    } finally {`,
    `      delete require.cache[path]`,
    `    }`,
  ].join("\n");
  if (source.split(generated).length !== 2) {
    throw new Error(`${file}: the query compiler is no longer loaded as this script expects`);
  }
  writeFileSync(file, source.replace(generated, once));
}

writePostgresSchema();
for (const provider of ["sqlite", "postgresql"]) {
  prisma(provider, ["generate"]);
  loadCompilerOnce(provider);
  console.log(`Prisma client generated for ${provider}`);
}
