import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const guard = fileURLToPath(new URL("../../src/process-guard.ts", import.meta.url));

// A real Node process: without the guard, either error below ends it.
const script = `
import { guardProcess } from ${JSON.stringify(guard)};
guardProcess({ error: (...parts) => console.log("logged:", ...parts.map(String)) });
Promise.reject(new Error("nobody awaited me"));
setTimeout(() => { throw new Error("thrown in a timer"); }, 5);
setTimeout(() => console.log("still alive"), 50);
`;

describe("the process guard", () => {
  it("logs an unhandled rejection and an uncaught exception, and the process lives on", async () => {
    const { stdout } = await run(process.execPath, [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      script,
    ]);
    expect(stdout).toContain("logged: Unhandled promise rejection");
    expect(stdout).toContain("nobody awaited me");
    expect(stdout).toContain("logged: Uncaught exception");
    expect(stdout).toContain("thrown in a timer");
    expect(stdout).toContain("still alive");
  });
});
