import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerEveryRequest } from "../../src/slack/answer-every-request.ts";
import { routeRequests, type SlackRoutes } from "../../src/slack/router.ts";
import { slackSignature } from "../../src/sandbox/slack-client.ts";
import { silentLogger } from "../support/harness.ts";

// The router behind every feature's listeners (src/slack/router.ts): signed
// requests through Bolt's real HTTP receiver, to a Bolt app whose listeners
// are registered on the router as the features register theirs.
const SECRET = "routersigningsecret0123456789abcd";
const TEAM = "T_ROUTER";

let app: App;
let routes: SlackRoutes;
let server: Server;
let url: string;
/** What the routes saw, in order. */
let seen: string[];

beforeEach(async () => {
  const receiver = new HTTPReceiver({
    signingSecret: SECRET,
    processBeforeResponse: true,
    logLevel: LogLevel.ERROR,
    logger: silentLogger,
  });
  app = new App({
    receiver,
    logger: silentLogger,
    logLevel: LogLevel.ERROR,
    // One workspace's bot, without Slack's auth.test: only routing is under test.
    authorize: async () => ({ botToken: "xoxb-router", botId: "B_ROUTER", botUserId: "U_BOT" }),
  });
  app.use(answerEveryRequest(app));
  routes = routeRequests(app);
  seen = [];
  server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

async function send(body: string, contentType: string): Promise<{ status: number; text: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(SECRET, timestamp, body),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

function command(name: string, text = "") {
  return send(
    new URLSearchParams({
      team_id: TEAM,
      channel_id: "C_ROUTER",
      user_id: "U_ALICE",
      command: name,
      text,
      api_app_id: "A_ROUTER",
    }).toString(),
    "application/x-www-form-urlencoded",
  );
}

function interaction(payload: Record<string, unknown>) {
  return send(
    new URLSearchParams({
      payload: JSON.stringify({
        team: { id: TEAM },
        user: { id: "U_ALICE", team_id: TEAM },
        api_app_id: "A_ROUTER",
        ...payload,
      }),
    }).toString(),
    "application/x-www-form-urlencoded",
  );
}

function click(actionId: string, blockId = "b1") {
  return interaction({
    type: "block_actions",
    channel: { id: "C_ROUTER" },
    container: { type: "message", channel_id: "C_ROUTER", message_ts: "1.000001" },
    actions: [{ type: "button", action_id: actionId, block_id: blockId, value: "v" }],
  });
}

function viewPayload(type: "view_submission" | "view_closed", callbackId: string) {
  return interaction({
    type,
    view: { id: "V1", type: "modal", callback_id: callbackId, blocks: [], state: { values: {} } },
  });
}

function event(type: string) {
  return send(
    JSON.stringify({
      type: "event_callback",
      team_id: TEAM,
      api_app_id: "A_ROUTER",
      event_id: `Ev_${type}`,
      event_time: 1,
      event: { type, user: "U_ALICE", channel: "D_ALICE", tab: "home" },
    }),
    "application/json",
  );
}

describe("the router", () => {
  it("runs only the named command's middleware and listener, with Bolt's arguments", async () => {
    routes.command(
      "/one",
      async ({ next, body }) => {
        seen.push(`middleware ${(body as { text: string }).text}`);
        await next();
      },
      async ({ command: cmd, ack, respond, client, context }) => {
        seen.push(`one ${cmd.text} ${context.teamId} ${typeof respond} ${typeof client.chat}`);
        await ack({ response_type: "ephemeral", text: "one answered" });
      },
    );
    routes.command("/two", async ({ ack }) => {
      seen.push("two");
      await ack();
    });
    const answer = await command("/one", "hello");
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ text: "one answered" });
    expect(seen).toEqual(["middleware hello", "one hello T_ROUTER undefined object"]);
  });

  it("matches commands by regex too", async () => {
    routes.command(/^\/re-\w+$/, async ({ command: cmd, ack }) => {
      seen.push(cmd.command);
      await ack();
    });
    expect((await command("/re-match")).status).toBe(200);
    expect(seen).toEqual(["/re-match"]);
  });

  it("leaves a request no route matches to answerEveryRequest", async () => {
    routes.command("/known", async ({ ack }) => {
      seen.push("known");
      await ack();
    });
    const answer = await command("/unknown");
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ response_type: "ephemeral" });
    expect(answer.text).toContain("/unknown");
    expect(seen).toEqual([]);
  });

  it("routes a button by action_id, by regex (matches in the context) and by block_id", async () => {
    routes.action("approve", async ({ ack, action }) => {
      seen.push(`approve ${(action as { value: string }).value}`);
      await ack();
    });
    routes.action(/^pick-(\d+)$/, async ({ ack, context }) => {
      seen.push(`pick ${String((context.actionIdMatches as string[])[1])}`);
      await ack();
    });
    routes.action({ block_id: "footer", action_id: "close" }, async ({ ack }) => {
      seen.push("close in footer");
      await ack();
    });
    await click("approve");
    await click("pick-42");
    await click("close", "body");
    await click("close", "footer");
    expect(seen).toEqual(["approve v", "pick 42", "close in footer"]);
  });

  it("runs every route that matches, in registration order, as Bolt runs its listeners", async () => {
    routes.action(/^approve/, async ({ ack }) => {
      seen.push("pattern");
      await ack();
    });
    routes.action("approve", async () => {
      seen.push("exact");
    });
    await click("approve");
    expect(seen).toEqual(["pattern", "exact"]);
  });

  it("routes a view by callback_id: a bare id is a submission, view_closed by constraints", async () => {
    routes.view("form", async ({ ack, view }) => {
      seen.push(`submitted ${view.callback_id}`);
      await ack();
    });
    routes.view({ callback_id: "form", type: "view_closed" }, async ({ ack }) => {
      seen.push("closed");
      await ack();
    });
    await viewPayload("view_submission", "form");
    await viewPayload("view_closed", "form");
    await viewPayload("view_submission", "other");
    expect(seen).toEqual(["submitted form", "closed"]);
  });

  it("routes shortcuts by callback_id and options by action_id", async () => {
    routes.shortcut("make", async ({ ack, shortcut }) => {
      seen.push(`shortcut ${shortcut.callback_id}`);
      await ack();
    });
    routes.options("choices", async ({ ack }) => {
      seen.push("options");
      await ack({ options: [{ text: { type: "plain_text", text: "A" }, value: "a" }] });
    });
    await interaction({ type: "shortcut", callback_id: "make", trigger_id: "1.2" });
    const options = await interaction({
      type: "block_suggestion",
      action_id: "choices",
      block_id: "b1",
      value: "",
    });
    expect(JSON.parse(options.text)).toMatchObject({ options: [{ value: "a" }] });
    expect(seen).toEqual(["shortcut make", "options"]);
  });

  it("routes Events API deliveries by event type", async () => {
    routes.event("app_home_opened", async ({ event: e }) => {
      seen.push(`event ${e.type}`);
    });
    routes.event("app_uninstalled", async () => {
      seen.push("uninstalled");
    });
    expect((await event("app_home_opened")).status).toBe(200);
    expect(seen).toEqual(["event app_home_opened"]);
  });

  it("hands a listener's failure to the global middleware, which answers the person", async () => {
    routes.command("/fails", async () => {
      throw new Error("the listener broke");
    });
    const answer = await command("/fails");
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ response_type: "ephemeral" });
    expect(answer.text).not.toContain("/fails");
  });

  it("gives Bolt one listener per kind of request, however many routes", () => {
    for (let i = 0; i < 10; i += 1) {
      routes.command(`/c${i}`, async () => {});
      routes.action(`a${i}`, async () => {});
      routes.view(`v${i}`, async () => {});
    }
    routes.event("app_home_opened", async () => {});
    expect((app as unknown as { listeners: unknown[] }).listeners).toHaveLength(4);
  });
});
