import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

const SECRET = "0123456789abcdef0123";

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("HTTP mode with a bot token and a signing secret, defaults filled in", () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: "xoxb-1-2", SLACK_SIGNING_SECRET: SECRET });
    expect(config).toMatchObject({
      mode: "http",
      databaseUrl: "file:./data/greenlight.db",
      port: 3000,
      slackApiUrl: "https://slack.com/api/",
      logLevel: "info",
    });
  });

  it("Socket Mode when an app token is set, even beside a signing secret", () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_APP_TOKEN: "xapp-1",
      SLACK_SIGNING_SECRET: SECRET,
    });
    expect(config.mode).toBe("socket");
    expect(config.appToken).toBe("xapp-1");
  });

  it("the sandbox when no Slack credential at all is set", () => {
    expect(parseConfig({}).mode).toBe("sandbox");
  });

  it("names each bad variable in one message", () => {
    const found = problems({
      SLACK_BOT_TOKEN: "xoxp-user-token",
      DATABASE_URL: "mysql://db",
      PORT: "eighty",
      LOG_LEVEL: "loud",
      SLACK_API_URL: "ftp://x",
    });
    const named = found.map((line) => line.split(" ")[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        "SLACK_BOT_TOKEN",
        "DATABASE_URL",
        "PORT",
        "LOG_LEVEL",
        "SLACK_API_URL",
        "SLACK_SIGNING_SECRET",
      ]),
    );
  });

  it("a bot token without a signing secret or app token is an error", () => {
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1" })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET is missing/),
    ]);
  });

  it("a signing secret without a bot token is an error", () => {
    expect(problems({ SLACK_SIGNING_SECRET: SECRET })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is missing/),
    ]);
  });

  it("accepts PostgreSQL URLs and a port, and adds the trailing slash to the API URL", () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: SECRET,
      DATABASE_URL: "postgres://root@127.0.0.1/greenlight",
      PORT: "8080",
      SLACK_API_URL: "http://127.0.0.1:9999/api",
    });
    expect(config).toMatchObject({ port: 8080, slackApiUrl: "http://127.0.0.1:9999/api/" });
  });

  it("refuses ports out of range", () => {
    expect(
      problems({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: SECRET, PORT: "70000" }),
    ).toEqual(["PORT must be between 1 and 65535"]);
  });
});
