/**
 * Production entry point: `node dist/main.js` (src/serve.ts does the work).
 *
 * The memory flags (src/memory-flags.ts) are set before anything else is
 * loaded. A static import would not do: ES modules load (read, parse,
 * compile) the whole static import graph before running any of it, and that
 * loading alone grows V8's young generation to 16 MB before a flag set by the
 * first module could keep it at 1 MB. Hence this file imports the rest only
 * once the flags are set.
 */
import "./memory-flags.ts";

await import("./serve.ts");
