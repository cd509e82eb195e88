import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { FakeSlack } from "../../src/sandbox/index.ts";

// The entry point as `npm start` runs it: what it prints must never carry a
// credential, and without Slack variables it must not open a sandbox where a
// real deployment runs.
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const PASSWORD = "n0t-in-any-log";

function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = PASSWORD;
  return parsed.toString();
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs src/main.ts until it exits, or until `until` appears in its output (then stops it). */
function runMain(
  env: Record<string, string>,
  until?: string,
): Promise<{ output: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (until && output.includes(until)) child.kill("SIGTERM");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("exit", (code) => resolve({ output, code }));
  });
}

describe("npm start", () => {
  it("without Slack variables on PostgreSQL: one clear message, no sandbox, no password", async () => {
    const { output, code } = await runMain({
      DATABASE_URL: withPassword(ADMIN_URL),
      PORT: String(await freePort()),
    });
    expect(code).toBe(1);
    expect(output).toContain("Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET");
    expect(output).not.toContain("/sandbox");
    expect(output).not.toContain(PASSWORD);
  });

  it("with Slack variables on PostgreSQL: names the database without its password", async () => {
    const fake = new FakeSlack({ signingSecret: "abcdef0123456789abcdef" });
    await fake.start();
    const { output } = await runMain(
      {
        DATABASE_URL: withPassword(ADMIN_URL),
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_SIGNING_SECRET: "abcdef0123456789abcdef",
        SLACK_API_URL: fake.apiUrl,
        PORT: String(await freePort()),
      },
      "Greenlight is running",
    ).finally(() => fake.stop());
    expect(output).toContain("Greenlight is running");
    expect(output).toContain(":***@");
    expect(output).not.toContain(PASSWORD);
  });
});
