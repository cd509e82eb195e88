import { createServer } from "node:net";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../../src/sandbox/index.ts";
import { slackClientOptions } from "../../src/slack/client.ts";
import {
  classifySlackError,
  describeSlackError,
  slackErrorName,
  type SlackFailure,
} from "../../src/slack/errors.ts";

// Every class of failure, produced for real: the app's own WebClient options
// against the strict fake Slack, which fails on demand as Slack does.
const fake = new FakeSlack({ signingSecret: "unit-test-signing-secret" });

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

/** The app's client, without its in-call retries so each failure surfaces as is. */
function client(options: { timeout?: number; url?: string } = {}): WebClient {
  return new WebClient(
    "xoxb-unit",
    slackClientOptions(options.url ?? fake.apiUrl, { retries: 0, timeout: options.timeout }),
  );
}

async function failureOf(
  call: Promise<unknown>,
): Promise<{ error: unknown; failure: SlackFailure }> {
  try {
    await call;
  } catch (error) {
    return { error, failure: describeSlackError(error) };
  }
  throw new Error("the call succeeded");
}

const post = (slack: WebClient, channel = "C_GENERAL") =>
  slack.chat.postMessage({ channel, text: "hello" });

describe("permanent: Slack refused, a person must fix something", () => {
  it.each([
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "account_inactive",
    "invalid_auth",
    "token_revoked",
    "user_not_found",
    "missing_scope",
    "restricted_action",
  ])("%s", async (code) => {
    fake.failNext("chat.postMessage", { error: code });
    const { error, failure } = await failureOf(post(client()));
    expect(failure).toEqual({ class: "permanent", code });
    expect(classifySlackError(error)).toBe("permanent");
    expect(slackErrorName(error)).toBe(code);
  });

  it("the fake's own refusal (the bot is not in the channel) is permanent", async () => {
    const { failure } = await failureOf(post(client(), "C_SOCIAL"));
    expect(failure).toEqual({ class: "permanent", code: "not_in_channel" });
  });

  it("a modal's used trigger is permanent", async () => {
    const { failure } = await failureOf(
      client().views.open({
        trigger_id: "1.2.unknown",
        view: { type: "modal", title: { type: "plain_text", text: "x" }, blocks: [] },
      }),
    );
    expect(failure.class).toBe("permanent");
  });
});

describe("transient: Slack certainly did not act", () => {
  it("429 with Retry-After carries the wait", async () => {
    const slack = new WebClient("xoxb-unit", {
      ...slackClientOptions(fake.apiUrl, { retries: 0 }),
      rejectRateLimitedCalls: true,
    });
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 7 });
    const { failure } = await failureOf(post(slack));
    expect(failure).toEqual({ class: "transient", code: "ratelimited", retryAfterMs: 7000 });
  });

  it("`ratelimited` as an answer", async () => {
    fake.failNext("chat.postMessage", { error: "ratelimited" });
    expect((await failureOf(post(client()))).failure.class).toBe("transient");
  });

  it("a 5xx on a call safe to repeat (chat.update)", async () => {
    fake.failNext("chat.update", { status: 503 });
    const { failure } = await failureOf(
      client().chat.update({ channel: "C_GENERAL", ts: "1.1", text: "x" }),
    );
    expect(failure).toEqual({ class: "transient", code: "http_503" });
  });

  it("connection refused (nothing listening)", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const { failure } = await failureOf(post(client({ url: `http://127.0.0.1:${port}/api/` })));
    expect(failure).toEqual({ class: "transient", code: "connection_failed" });
  });
});

describe("ambiguous: Slack may have posted", () => {
  it.each(["internal_error", "fatal_error", "request_timeout"])("%s", async (code) => {
    fake.failNext("chat.postMessage", { error: code, applyThenFail: true });
    const { failure } = await failureOf(post(client()));
    expect(failure).toEqual({ class: "ambiguous", code });
    expect(fake.messagesIn("C_GENERAL")).toHaveLength(1);
  });

  it("a 500 on a post", async () => {
    fake.failNext("chat.postMessage", { status: 500, applyThenFail: true });
    expect((await failureOf(post(client()))).failure).toEqual({
      class: "ambiguous",
      code: "http_500",
    });
  });

  it("a timeout after the post was sent", async () => {
    fake.failNext("chat.postMessage", { delayMs: 400 });
    expect((await failureOf(post(client({ timeout: 100 })))).failure).toEqual({
      class: "ambiguous",
      code: "timeout",
    });
  });

  it("a connection lost after the post was sent", async () => {
    fake.failNext("chat.postMessage", { dropConnection: true, applyThenFail: true });
    expect((await failureOf(post(client()))).failure).toEqual({
      class: "ambiguous",
      code: "connection_lost",
    });
    expect(fake.messagesIn("C_GENERAL")).toHaveLength(1);
  });

  it("something that is not a Slack error at all is never taken as 'not sent'", () => {
    expect(classifySlackError(new Error("boom"))).toBe("ambiguous");
  });
});
