import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig, ConfigError } from "../../src/config.ts";
import { startSandbox } from "../../src/sandbox/sandbox-server.ts";
import { slackSignature } from "../../src/sandbox/slack-client.ts";
import { startHarness } from "../support/harness.ts";
import { startTestSandbox, type SandboxUnderTest } from "./support.ts";

// The sandbox signs requests as anyone: it must be reachable from this
// machine only, with a secret nobody else knows, for its own team only.
describe("the sandbox's boundaries", () => {
  let s: SandboxUnderTest;
  beforeAll(async () => {
    s = await startTestSandbox();
  });
  afterAll(() => s.stop());

  /** A slash command posted to the sandbox's /slack/events as Slack would, signed with `secret`. */
  const postCommand = (secret: string, fields: Record<string, string>) => {
    const body = new URLSearchParams(fields).toString();
    const now = Math.floor(Date.now() / 1000);
    return fetch(`http://127.0.0.1:${s.sandbox.port}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(now),
        "x-slack-signature": slackSignature(secret, now, body),
      },
      body,
    });
  };

  it("listens on 127.0.0.1 only", async () => {
    expect(new URL(s.sandbox.url).hostname).toBe("127.0.0.1");
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (external) {
      // The same port on another interface of this machine: nobody answers.
      await expect(fetch(`http://${external}:${s.sandbox.port}/sandbox`)).rejects.toThrow();
    }
  });

  it("signs with a secret made at each start, not a fixed one", async () => {
    const other = await startTestSandbox();
    try {
      expect(other.sandbox.config.signingSecret).not.toBe(s.sandbox.config.signingSecret);
      expect(s.sandbox.config.signingSecret).toMatch(/^[0-9a-f]{48}$/);
      // The secret once public in this repository signs nothing.
      const response = await postCommand("sandboxsigningsecret0000", {
        command: "/role",
        text: "list",
        team_id: "T_SANDBOX",
        user_id: "U_ALICE",
        channel_id: "C_GENERAL",
      });
      expect(response.status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it("refuses a correctly signed request for another team with 401, doing nothing", async () => {
    const response = await postCommand(s.sandbox.config.signingSecret, {
      command: "/role",
      text: "assign <@U_MALLORY> manager",
      team_id: "T_REAL_TEAM",
      user_id: "U_MALLORY",
      channel_id: "C_GENERAL",
      response_url: "http://127.0.0.1:1/nowhere",
      trigger_id: "1.2.3",
    });
    expect(response.status).toBe(401);
    const db = s.sandbox.greenlight.database.db;
    expect(await db.team.count({ where: { id: "T_REAL_TEAM" } })).toBe(0);
    expect(await db.roleAssignment.count({ where: { teamId: "T_REAL_TEAM" } })).toBe(0);
  });

  it("runs scheduled jobs for its own team only", async () => {
    expect(s.sandbox.greenlight.built.deps.onlyTeamId).toBe("T_SANDBOX");
    const db = s.sandbox.greenlight.database.db;
    // Another team's rotation in the same file (a real workspace once ran on it).
    await db.team.create({ data: { id: "T_OTHER", timezone: "UTC" } });
    await db.webcareRotation.create({
      data: {
        teamId: "T_OTHER",
        members: "U_X",
        handoverTime: "00:00",
        startDate: "2020-01-01",
        setBy: "U_X",
      },
    });
    const ran = await s.page("jobs/webcare-reminders", {});
    expect(ran.status).toBe(200);
    expect(JSON.stringify(ran.json)).not.toContain("T_OTHER");
    expect(await db.jobRun.count({ where: { scope: { startsWith: "T_OTHER" } } })).toBe(0);
  });
});

describe("where the sandbox refuses to run", () => {
  it("refuses a PostgreSQL DATABASE_URL with one message that says to set the Slack variables", async () => {
    expect(() => parseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/greenlight" })).toThrow(
      ConfigError,
    );
    try {
      parseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/greenlight" });
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(1);
      expect((error as ConfigError).message).toContain("Set SLACK_BOT_TOKEN");
      expect((error as ConfigError).message).not.toContain("u:p");
    }
    await expect(
      startSandbox({ port: 0, databaseUrl: "postgresql://u:p@db:5432/x" }),
    ).rejects.toThrow(/Set SLACK_BOT_TOKEN/);
  });

  it("refuses NODE_ENV=production", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/NODE_ENV=production/);
    expect(parseConfig({ NODE_ENV: "development" }).mode).toBe("sandbox");
  });

  it("serves nothing of itself when Slack variables are set", async () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "abcdef0123456789abcd",
    });
    expect(config.mode).toBe("http");
    const h = await startHarness();
    try {
      for (const path of ["/sandbox", "/sandbox/state", "/sandbox/api/auth.test"]) {
        const response = await fetch(`http://127.0.0.1:${h.app.port}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
    } finally {
      await h.close();
    }
  });
});
