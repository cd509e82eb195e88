import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/sandbox-server.ts";

/**
 * The sandbox as `npm start` runs it with no Slack variables, on a temporary
 * SQLite file (the sandbox refuses PostgreSQL) and a free loopback port.
 */
export interface SandboxUnderTest {
  sandbox: RunningSandbox;
  base: string;
  /** POST a JSON body to one of the page's endpoints, e.g. "command". */
  page(
    path: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  state(as: string): Promise<SandboxState>;
  stop(): Promise<void>;
}

export interface SandboxMessage {
  ts: string;
  user: string;
  text: string;
  ephemeral: boolean;
}

export interface SandboxState {
  conversations: Array<{ id: string; messages: SandboxMessage[] }>;
}

export async function startTestSandbox(
  options: { scheduler?: boolean } = {},
): Promise<SandboxUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "greenlight-sandbox-"));
  const sandbox = await startSandbox({
    port: 0,
    databaseUrl: `file:${join(dir, "sandbox.db")}`,
    logLevel: "error",
    scheduler: options.scheduler ?? false,
  });
  const base = `http://127.0.0.1:${sandbox.port}/sandbox`;
  return {
    sandbox,
    base,
    async page(path, body) {
      const response = await fetch(`${base}/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    async state(as) {
      const response = await fetch(`${base}/state?as=${as}`);
      return (await response.json()) as SandboxState;
    },
    async stop() {
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every message (and ephemeral reply) `as` sees in `conversationId`. */
export function messagesIn(state: SandboxState, conversationId: string): SandboxMessage[] {
  return state.conversations.find((c) => c.id === conversationId)?.messages ?? [];
}
