import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack, SlackClientSim, type FakeView } from "../../src/sandbox/index.ts";

const SECRET = "unit-test-signing-secret";
const TOKEN = "xoxb-unit-test";

let clock = Date.parse("2026-11-23T10:00:00Z");
const fake = new FakeSlack({ signingSecret: SECRET, now: () => clock });

type Json = Record<string, unknown>;

/** A raw Web API call, as JSON unless `form` is set. */
async function api(
  method: string,
  args: Json = {},
  options: { token?: string | null; form?: boolean } = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const body = options.form
    ? new URLSearchParams(
        Object.entries(args).map(([k, v]): [string, string] => [
          k,
          typeof v === "string" ? v : JSON.stringify(v),
        ]),
      ).toString()
    : JSON.stringify(args);
  headers["content-type"] = options.form
    ? "application/x-www-form-urlencoded"
    : "application/json; charset=utf-8";
  const response = await fetch(`${fake.apiUrl}${method}`, { method: "POST", headers, body });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Json,
  };
}

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const approveBlocks = [
  section("A proposal"),
  {
    type: "actions",
    block_id: "decide",
    elements: [
      {
        type: "button",
        action_id: "approve",
        text: { type: "plain_text", text: "Approve" },
        value: "p1",
      },
    ],
  },
];
const modal = (blocks: unknown[] = [section("Hi")]) => ({
  type: "modal",
  callback_id: "propose",
  private_metadata: '{"id":1}',
  title: { type: "plain_text", text: "Propose a post" },
  submit: { type: "plain_text", text: "Send" },
  blocks,
});

/** A stand-in app: records what Slack sent it and answers with `reply`. */
let appServer: Server;
let appUrl = "";
const received: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
let reply: { status: number; body: string } = { status: 200, body: "" };

beforeAll(async () => {
  await fake.start();
  appServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await fake.stop();
  await new Promise((resolve) => appServer.close(resolve));
});
beforeEach(() => {
  clock = Date.parse("2026-11-23T10:00:00Z");
  received.length = 0;
  reply = { status: 200, body: "" };
});
afterEach(() => fake.reset());

const sim = () => new SlackClientSim({ appUrl, signingSecret: SECRET, fake });

/** The payload the app received last, parsed from the `payload` form field. */
function lastPayload(): Json {
  const body = received.at(-1)?.body ?? "";
  return JSON.parse(new URLSearchParams(body).get("payload") ?? "{}") as Json;
}

/** Opens a modal for a user the way the app would: a command, then views.open. */
async function openModal(userId: string, view: unknown = modal()): Promise<FakeView> {
  await sim().command(userId, "/propose", "");
  const triggerId = new URLSearchParams(received.at(-1)?.body).get("trigger_id");
  const opened = await api("views.open", { trigger_id: triggerId, view });
  expect(opened.body.ok).toBe(true);
  const last = fake.lastView(userId);
  if (!last) throw new Error("no view recorded");
  return last;
}

describe("auth and unknown methods", () => {
  it("answers not_authed without a token and invalid_auth with a non-bot token", async () => {
    expect((await api("auth.test", {}, { token: null })).body).toEqual({
      ok: false,
      error: "not_authed",
    });
    expect((await api("auth.test", {}, { token: "xoxp-user" })).body.error).toBe("invalid_auth");
    expect((await api("auth.test", { token: TOKEN }, { token: null, form: true })).body.ok).toBe(
      true,
    );
  });

  it("answers unknown_method with HTTP 200, like Slack", async () => {
    const response = await api("chat.scheduleMessage", { channel: "C_GENERAL", text: "x" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: false, error: "unknown_method" });
  });
});

describe("a real @slack/web-api client", () => {
  const client = () =>
    new WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

  it("posts, updates and reads back through form-encoded calls", async () => {
    const web = client();
    const auth = await web.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: "T0GREEN", user_id: fake.botUserId });
    const posted = await web.chat.postMessage({
      channel: "C_GENERAL",
      text: "Hello",
      blocks: approveBlocks,
    });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    await web.chat.update({
      channel: "C_GENERAL",
      ts: posted.ts ?? "",
      text: "Done",
      blocks: [section("Done")],
    });
    const [message] = fake.messagesIn("C_GENERAL");
    expect(message).toMatchObject({
      text: "Done",
      ts: posted.ts,
      edited: { user: fake.botUserId },
    });
    // Blocks arrive as a JSON string in a form field and are recorded parsed.
    expect(fake.callsTo("chat.postMessage")[0]?.args.blocks).toEqual(approveBlocks);
  });

  it("surfaces Slack's errors as thrown platform errors", async () => {
    await expect(
      client().chat.postMessage({ channel: "C_SOCIAL", text: "x" }),
    ).rejects.toMatchObject({
      data: { ok: false, error: "not_in_channel" },
    });
  });
});

describe("chat.postMessage", () => {
  it("refuses blocks without a text fallback, and no content at all", async () => {
    const noText = await api("chat.postMessage", { channel: "C_GENERAL", blocks: [section("x")] });
    expect(noText.body.error).toBe("missing_text_fallback");
    expect((await api("chat.postMessage", { channel: "C_GENERAL" })).body.error).toBe("no_text");
    expect(fake.messagesIn("C_GENERAL")).toHaveLength(0);
  });

  it("refuses text over 40,000 characters", async () => {
    const long = await api("chat.postMessage", { channel: "C_GENERAL", text: "x".repeat(40_001) });
    expect(long.body.error).toBe("msg_too_long");
  });

  it("refuses invalid blocks with Slack's detail", async () => {
    const bad = await api("chat.postMessage", {
      channel: "C_GENERAL",
      text: "x",
      blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
    });
    expect(bad.body).toMatchObject({
      ok: false,
      error: "invalid_blocks",
      response_metadata: { messages: [expect.stringContaining("/blocks/0/text/text")] },
    });
  });

  it("enforces membership: not_in_channel for public, channel_not_found for private and unknown", async () => {
    const post = (channel: string) => api("chat.postMessage", { channel, text: "hi" });
    expect((await post("C_SOCIAL")).body.error).toBe("not_in_channel");
    expect((await post("G_PRIVATE")).body.error).toBe("channel_not_found");
    expect((await post("C_NOPE")).body.error).toBe("channel_not_found");
    expect((await post("D_NEVER_OPENED")).body.error).toBe("channel_not_found");
    expect((await api("conversations.join", { channel: "C_SOCIAL" })).body.ok).toBe(true);
    expect((await post("C_SOCIAL")).body.ok).toBe(true);
    expect((await api("conversations.join", { channel: "G_PRIVATE" })).body.error).toBe(
      "method_not_supported_for_channel_type",
    );
  });

  it("posts to a user id as a DM in a stable D channel", async () => {
    const posted = await api("chat.postMessage", { channel: "U_ALICE", text: "psst" });
    const opened = await api("conversations.open", { users: "U_ALICE" });
    expect(posted.body.channel).toBe((opened.body.channel as Json).id);
    expect(fake.dmsTo("U_ALICE").map((m) => m.text)).toEqual(["psst"]);
    expect((await api("conversations.open", { users: "U_GREENLIGHT" })).body.error).toBe(
      "cannot_dm_bot",
    );
  });

  it("gives increasing timestamps", async () => {
    const a = await api("chat.postMessage", { channel: "C_GENERAL", text: "1" });
    const b = await api("chat.postMessage", { channel: "C_GENERAL", text: "2" });
    expect(Number(b.body.ts)).toBeGreaterThan(Number(a.body.ts));
  });
});

describe("chat.postEphemeral, chat.update, chat.getPermalink", () => {
  it("needs the user in the channel", async () => {
    const ok = await api("chat.postEphemeral", {
      channel: "C_GENERAL",
      user: "U_BOB",
      text: "only you",
    });
    expect(ok.body.ok).toBe(true);
    expect(fake.ephemeralsTo("U_BOB")).toMatchObject([
      { text: "only you", via: "chat.postEphemeral" },
    ]);
    await api("conversations.join", { channel: "C_SOCIAL" });
    const out = await api("chat.postEphemeral", {
      channel: "C_SOCIAL",
      user: "U_CAROL",
      text: "x",
    });
    expect(out.body.error).toBe("user_not_in_channel");
  });

  it("updates only existing messages, with the same validation", async () => {
    const missing = await api("chat.update", { channel: "C_GENERAL", ts: "1.000001", text: "x" });
    expect(missing.body.error).toBe("message_not_found");
    const posted = await api("chat.postMessage", { channel: "C_GENERAL", text: "v1" });
    const noFallback = await api("chat.update", {
      channel: "C_GENERAL",
      ts: posted.body.ts,
      blocks: [section("v2")],
    });
    expect(noFallback.body.error).toBe("missing_text_fallback");
    const link = await api("chat.getPermalink", {
      channel: "C_GENERAL",
      message_ts: posted.body.ts,
    });
    expect(link.body.permalink).toContain(
      `/archives/C_GENERAL/p${String(posted.body.ts).replace(".", "")}`,
    );
  });
});

describe("users, conversations, team", () => {
  it("users.info returns Slack's shape and user_not_found", async () => {
    const alice = await api("users.info", { user: "U_ALICE" });
    expect(alice.body.user).toMatchObject({
      id: "U_ALICE",
      name: "alice",
      tz: "Europe/Amsterdam",
      is_bot: false,
      deleted: false,
      profile: { display_name: "alice" },
    });
    expect((await api("users.info", { user: "U_NOBODY" })).body.error).toBe("user_not_found");
    expect(fake.users.some((u) => u.is_admin && !u.is_bot && !u.deleted)).toBe(true);
    expect(fake.users.some((u) => u.deleted)).toBe(true);
  });

  it("pages users.list and conversations.members with cursors", async () => {
    const first = await api("users.list", { limit: 3 });
    expect(first.body.members).toHaveLength(3);
    const cursor = (first.body.response_metadata as Json).next_cursor;
    const rest = await api("users.list", { limit: 100, cursor });
    expect((rest.body.members as unknown[]).length).toBe(fake.users.length - 3);
    const members = await api("conversations.members", { channel: "C_GENERAL" });
    expect(members.body.members).toContain(fake.botUserId);
    expect((await api("conversations.info", { channel: "G_PRIVATE" })).body.error).toBe(
      "channel_not_found",
    );
    expect((await api("team.info")).body.team).toMatchObject({ id: "T0GREEN" });
  });
});

describe("triggers and views", () => {
  it("a trigger works once, within 3 seconds, and only if Slack issued it", async () => {
    const trigger = fake.issueTrigger("U_ALICE");
    expect((await api("views.open", { trigger_id: trigger, view: modal() })).body.ok).toBe(true);
    expect((await api("views.open", { trigger_id: trigger, view: modal() })).body.error).toBe(
      "exchanged_trigger_id",
    );
    const late = fake.issueTrigger("U_ALICE");
    clock += 3_001;
    expect((await api("views.open", { trigger_id: late, view: modal() })).body.error).toBe(
      "expired_trigger_id",
    );
    expect((await api("views.open", { trigger_id: "123.456.abc", view: modal() })).body.error).toBe(
      "invalid_trigger_id",
    );
    expect((await api("views.open", { view: modal() })).body.error).toBe("invalid_arguments");
  });

  it("refuses an invalid view with invalid_arguments and response_metadata.messages", async () => {
    const trigger = fake.issueTrigger("U_ALICE");
    const long = {
      ...modal(),
      title: { type: "plain_text", text: "A title that is far too long" },
    };
    const refused = await api("views.open", { trigger_id: trigger, view: long });
    expect(refused.body).toMatchObject({
      ok: false,
      error: "invalid_arguments",
      response_metadata: {
        messages: [expect.stringMatching(/less than 25 characters.*\/view\/title/)],
      },
    });
    // A refused view leaves the trigger usable.
    expect((await api("views.open", { trigger_id: trigger, view: modal() })).body.ok).toBe(true);
  });

  it("views.update checks the hash; views.push stacks; views.publish sets the home tab", async () => {
    const view = await openModal("U_ALICE");
    expect(view.id).toMatch(/^V/);
    const stale = await api("views.update", { view_id: view.id, hash: "stale", view: modal() });
    expect(stale.body.error).toBe("hash_conflict");
    const updated = await api("views.update", {
      view_id: view.id,
      hash: view.hash,
      view: modal([section("v2")]),
    });
    expect((updated.body.view as Json).hash).not.toBe(view.hash);
    expect((await api("views.update", { view_id: "VNOPE", view: modal() })).body.error).toBe(
      "not_found",
    );
    const pushed = await api("views.push", {
      trigger_id: fake.issueTrigger("U_ALICE"),
      view: modal(),
    });
    expect(pushed.body.ok).toBe(true);
    expect(fake.openViews("U_ALICE")).toHaveLength(2);
    const home = await api("views.publish", {
      user_id: "U_BOB",
      view: { type: "home", blocks: [section("Home")] },
    });
    expect(home.body.ok).toBe(true);
    expect(fake.homeView("U_BOB")?.blocks).toHaveLength(1);
    const modalAsHome = await api("views.publish", { user_id: "U_BOB", view: modal() });
    expect(modalAsHome.body.error).toBe("invalid_arguments");
  });

  it("an update of a view whose submission awaits its answer lands after that answer, with the hash it gave", async () => {
    const view = await openModal("U_ALICE");
    const answered = fake.submissionSent(view.id);
    let updateDone = false;
    const update = api("views.update", { view_id: view.id, view: modal([section("Result")]) }).then(
      (response) => {
        updateDone = true;
        return response;
      },
    );
    // Slack has not applied the app's answer yet: the update waits.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(updateDone).toBe(false);
    const answer = { response_action: "update", view: modal([section("Sending…")]) };
    expect(fake.applyViewSubmissionResponse(view.id, 200, answer)).toBeNull();
    const sending = fake.view(view.id)!;
    // The answer's update gave the view a new hash: the submitted one is stale.
    expect(sending.hash).not.toBe(view.hash);
    answered();
    const result = await update;
    expect(result.body.ok).toBe(true);
    expect(JSON.stringify(fake.view(view.id)?.blocks)).toContain("Result");
    const late = await api("views.update", { view_id: view.id, hash: view.hash, view: modal() });
    expect(late.body.error).toBe("hash_conflict");
  });

  it("views.update refuses a view over 250 kB with view_too_large and keeps the one shown", async () => {
    const view = await openModal("U_ALICE");
    // 90 sections of 2,900 characters, "é" two bytes each: under 100 blocks, over 250 kB.
    const big = modal(Array.from({ length: 90 }, () => section("é".repeat(2_900))));
    const refused = await api("views.update", { view_id: view.id, view: big });
    expect(refused.body.error).toBe("view_too_large");
    expect(fake.view(view.id)?.hash).toBe(view.hash);
  });

  it("views.publish refuses a Home of more than 100 blocks, as Slack does, and keeps the old one", async () => {
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`Line ${i}`));
    const hundred = await api("views.publish", {
      user_id: "U_CAROL",
      view: { type: "home", blocks: blocks(100) },
    });
    expect(hundred.body.ok).toBe(true);
    const tooMany = await api("views.publish", {
      user_id: "U_CAROL",
      view: { type: "home", blocks: blocks(101) },
    });
    expect(tooMany.body).toMatchObject({ ok: false, error: "invalid_arguments" });
    expect(fake.homeView("U_CAROL")?.blocks).toHaveLength(100);
  });
});

describe("response_url", () => {
  it("takes 5 posts, then used_url; validates like chat.postMessage", async () => {
    await sim().command("U_ALICE", "/role", "list");
    const url = new URLSearchParams(received.at(-1)?.body).get("response_url") ?? "";
    const post = (body: Json) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ blocks: [section("x")] })).status).toBe(400);
    for (let i = 0; i < 4; i += 1) expect((await post({ text: `reply ${i}` })).status).toBe(200);
    const sixth = await post({ text: "one too many" });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toMatchObject({ error: "used_url" });
    expect(fake.ephemeralsTo("U_ALICE")).toHaveLength(4);
    expect(fake.ephemeralsTo("U_ALICE")[0]).toMatchObject({
      via: "response_url",
      channel: "C_GENERAL",
    });
  });

  it("expires after 30 minutes", async () => {
    const url = fake.issueResponseUrl({ userId: "U_BOB", channelId: "C_GENERAL" });
    clock += 30 * 60_000 + 1;
    const late = await fetch(url, { method: "POST", body: JSON.stringify({ text: "late" }) });
    expect(late.status).toBe(404);
    expect(await late.json()).toMatchObject({ error: "expired_url" });
  });

  it("replace_original updates the clicked message; in_channel posts a message", async () => {
    const posted = await api("chat.postMessage", {
      channel: "C_GENERAL",
      text: "Decide",
      blocks: approveBlocks,
    });
    const [message] = fake.messagesIn("C_GENERAL");
    if (!message) throw new Error("not posted");
    await sim().clickButton("U_BOB", message, "approve");
    const url = String(lastPayload().response_url);
    await fetch(url, {
      method: "POST",
      body: JSON.stringify({ replace_original: true, text: "Approved" }),
    });
    expect(fake.messagesIn("C_GENERAL")).toMatchObject([{ ts: posted.body.ts, text: "Approved" }]);
    await fetch(url, {
      method: "POST",
      body: JSON.stringify({ response_type: "in_channel", text: "FYI" }),
    });
    expect(fake.messagesIn("C_GENERAL").map((m) => m.text)).toEqual(["Approved", "FYI"]);
  });
});

describe("fault injection", () => {
  it("answers 429 with Retry-After, 500, a Slack error, then recovers", async () => {
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 7 });
    fake.failNext("chat.postMessage", { status: 500 });
    fake.failNext("chat.postMessage", { error: "fatal_error" });
    const post = () => api("chat.postMessage", { channel: "C_GENERAL", text: "x" });
    const limited = await post();
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "7"]);
    expect((await post()).status).toBe(500);
    expect((await post()).body.error).toBe("fatal_error");
    expect((await post()).body.ok).toBe(true);
    expect(fake.messagesIn("C_GENERAL")).toHaveLength(1);
  });

  it("can apply the call and still fail (a lost response), and delay", async () => {
    fake.failNext("chat.postMessage", { status: 500, applyThenFail: true, delayMs: 50 });
    const started = Date.now();
    expect((await api("chat.postMessage", { channel: "C_GENERAL", text: "x" })).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(fake.messagesIn("C_GENERAL")).toHaveLength(1);
  });

  it("rate-limits chat.postMessage per channel when asked", async () => {
    fake.setRateLimit({ perChannelPerSecond: 1, burst: 2 });
    const post = (channel: string) => api("chat.postMessage", { channel, text: "x" });
    expect((await post("C_GENERAL")).status).toBe(200);
    expect((await post("C_GENERAL")).status).toBe(200);
    const third = await post("C_GENERAL");
    expect([third.status, third.headers.get("retry-after")]).toEqual([429, "1"]);
    expect((await post("U_ALICE")).status).toBe(200);
    clock += 1_000;
    expect((await post("C_GENERAL")).status).toBe(200);
  });
});

describe("SlackClientSim", () => {
  it("signs requests so that a straightforward HMAC check verifies them", async () => {
    await sim().command("U_ALICE", "/role", "list");
    const { headers, body } = received.at(-1) ?? { headers: {}, body: "" };
    const timestamp = String(headers["x-slack-request-timestamp"]);
    const expected = `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const actual = String(headers["x-slack-signature"]);
    expect(timingSafeEqual(Buffer.from(actual), Buffer.from(expected))).toBe(true);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);

    await sim().command("U_ALICE", "/role", "list", { signature: "v0=bad", timestamp: 1 });
    expect(received.at(-1)?.headers["x-slack-signature"]).toBe("v0=bad");
    expect(received.at(-1)?.headers["x-slack-request-timestamp"]).toBe("1");
  });

  it("sends a slash command as Slack does", async () => {
    await sim().command("U_BOB", "/calendar", "week", { channelId: "C_SOCIAL" });
    const fields = Object.fromEntries(new URLSearchParams(received.at(-1)?.body));
    expect(fields).toMatchObject({
      team_id: "T0GREEN",
      channel_id: "C_SOCIAL",
      channel_name: "social",
      user_id: "U_BOB",
      user_name: "bob",
      command: "/calendar",
      text: "week",
    });
    expect(fields.response_url).toMatch(new RegExp(`^${fake.url}/response/`));
    expect(fields.trigger_id).toBeTruthy();
  });

  it("clicks a button on a message, and refuses one that is not there", async () => {
    await api("chat.postMessage", { channel: "C_GENERAL", text: "Decide", blocks: approveBlocks });
    const [message] = fake.messagesIn("C_GENERAL");
    if (!message) throw new Error("not posted");
    await sim().clickButton("U_BOB", message, "approve");
    expect(lastPayload()).toMatchObject({
      type: "block_actions",
      user: { id: "U_BOB", username: "bob" },
      container: { type: "message", message_ts: message.ts, channel_id: "C_GENERAL" },
      channel: { id: "C_GENERAL" },
      actions: [{ action_id: "approve", block_id: "decide", value: "p1", type: "button" }],
      message: { ts: message.ts },
    });
    expect(() => sim().clickButton("U_BOB", message, "reject")).toThrow(
      /no button with action_id "reject"/,
    );
  });

  it("fills in block_ids Slack would generate", async () => {
    await api("chat.postMessage", { channel: "C_GENERAL", text: "x", blocks: [section("no id")] });
    const block = fake.messagesIn("C_GENERAL")[0]?.blocks?.[0] as Json;
    expect(block.block_id).toEqual(expect.any(String));
  });

  it("builds view.state.values from plain values by element type", async () => {
    const input = (blockId: string, element: Json, optional = false) => ({
      type: "input",
      block_id: blockId,
      optional,
      label: { type: "plain_text", text: blockId },
      element,
    });
    const option = (value: string) => ({ text: { type: "plain_text", text: value }, value });
    const view = await openModal(
      "U_ALICE",
      modal([
        input("text", { type: "plain_text_input", action_id: "text", max_length: 10 }),
        input("goal", {
          type: "static_select",
          action_id: "goal",
          options: [option("reach"), option("leads")],
        }),
        input("platforms", {
          type: "multi_static_select",
          action_id: "platforms",
          options: [option("x"), option("bluesky")],
        }),
        input("who", { type: "users_select", action_id: "who" }),
        input("when", { type: "datetimepicker", action_id: "when" }),
        input("day", { type: "datepicker", action_id: "day" }),
        input("n", { type: "number_input", action_id: "n", is_decimal_allowed: false }),
        input("notes", { type: "plain_text_input", action_id: "notes" }, true),
      ]),
    );
    await sim().submitView("U_ALICE", view, {
      text: "Hello",
      goal: "leads",
      platforms: ["x", "bluesky"],
      who: "U_BOB",
      when: 1_800_000_000,
      day: "2026-11-30",
      n: 42,
    });
    const payload = lastPayload();
    expect(payload).toMatchObject({
      type: "view_submission",
      view: { id: view.id, callback_id: "propose", private_metadata: '{"id":1}', hash: view.hash },
    });
    expect((payload.view as Json).state).toEqual({
      values: {
        text: { text: { type: "plain_text_input", value: "Hello" } },
        goal: { goal: { type: "static_select", selected_option: option("leads") } },
        platforms: {
          platforms: {
            type: "multi_static_select",
            selected_options: [option("x"), option("bluesky")],
          },
        },
        who: { who: { type: "users_select", selected_user: "U_BOB" } },
        when: { when: { type: "datetimepicker", selected_date_time: 1_800_000_000 } },
        day: { day: { type: "datepicker", selected_date: "2026-11-30" } },
        n: { n: { type: "number_input", value: "42" } },
        notes: { notes: { type: "plain_text_input", value: null } },
      },
    });
    // An empty ack closes the modal, as Slack does.
    expect(fake.openViews("U_ALICE")).toHaveLength(0);
    // What a person could not submit is a test bug, and throws.
    await expect(sim().submitView("U_ALICE", view, { goal: "reach" })).rejects.toThrow(
      /required input "text"/,
    );
    await expect(sim().submitView("U_ALICE", view, { text: "x".repeat(11) })).rejects.toThrow(
      /max_length/,
    );
    await expect(sim().submitView("U_ALICE", view, { nope: "x" })).rejects.toThrow();
  });

  it("keeps the modal open on response_action errors, and reports errors Slack cannot show", async () => {
    const view = await openModal(
      "U_ALICE",
      modal([
        {
          type: "input",
          block_id: "tz",
          label: { type: "plain_text", text: "TZ" },
          element: { type: "plain_text_input", action_id: "tz" },
        },
      ]),
    );
    reply = {
      status: 200,
      body: JSON.stringify({ response_action: "errors", errors: { tz: "Unknown" } }),
    };
    const kept = await sim().submitView("U_ALICE", view, { tz: "Mars/Olympus" });
    expect(kept.json).toMatchObject({ response_action: "errors" });
    expect(kept.viewError).toBeNull();
    expect(fake.openViews("U_ALICE")).toHaveLength(1);
    reply = {
      status: 200,
      body: JSON.stringify({ response_action: "errors", errors: { nope: "x" } }),
    };
    const stray = await sim().submitView("U_ALICE", view, { tz: "x" });
    expect(stray.viewError).toMatch(/not input blocks: nope/);
  });

  it("sends events with an envelope and Slack's retry headers", async () => {
    await sim().event(
      { type: "app_home_opened", user: "U_ALICE" },
      { eventId: "Ev1", retryNum: 2, retryReason: "http_timeout" },
    );
    const last = received.at(-1);
    expect(JSON.parse(last?.body ?? "{}")).toMatchObject({
      type: "event_callback",
      event_id: "Ev1",
      team_id: "T0GREEN",
      event: { type: "app_home_opened", user: "U_ALICE" },
    });
    expect(last?.headers["x-slack-retry-num"]).toBe("2");
    expect(last?.headers["x-slack-retry-reason"]).toBe("http_timeout");
  });

  it("records every call with parsed arguments and clears them on reset", async () => {
    await api(
      "chat.postMessage",
      { channel: "C_GENERAL", text: "x", blocks: [section("x")] },
      { form: true },
    );
    expect(fake.callsTo("chat.postMessage")[0]).toMatchObject({
      args: { channel: "C_GENERAL", blocks: [section("x")] },
      response: { ok: true },
      at: new Date(clock),
    });
    expect(fake.callsTo("chat.postMessage")[0]?.args).not.toHaveProperty("token");
    await api("conversations.join", { channel: "C_SOCIAL" });
    fake.reset();
    expect(fake.calls).toHaveLength(0);
    expect(fake.messagesIn("C_GENERAL")).toHaveLength(0);
    expect(fake.channel("C_SOCIAL")?.members).not.toContain(fake.botUserId);
  });
});

describe("files and images", () => {
  it("files.info answers an uploaded file, file_not_found and file_deleted", async () => {
    const file = fake.addFile({ name: "hero.png", mimetype: "image/png", user: "U_ALICE" });
    const info = await api("files.info", { file: file.id });
    expect(info.body).toMatchObject({
      ok: true,
      file: { id: file.id, name: "hero.png", mimetype: "image/png", filetype: "png" },
    });
    expect((await api("files.info", { file: "F_NOPE" })).body).toEqual({
      ok: false,
      error: "file_not_found",
    });
    fake.deleteFile(file.id);
    expect((await api("files.info", { file: file.id })).body).toMatchObject({
      error: "file_deleted",
    });
  });

  it("refuses an image block whose Slack file does not exist, in messages and views", async () => {
    const file = fake.addFile({ name: "ok.png", mimetype: "image/png", user: "U_ALICE" });
    const image = (id: string) => ({ type: "image", slack_file: { id }, alt_text: "a picture" });
    const good = await api("chat.postMessage", {
      channel: "U_ALICE",
      text: "pic",
      blocks: [image(file.id)],
    });
    expect(good.body.ok).toBe(true);
    const bad = await api("chat.postMessage", {
      channel: "U_ALICE",
      text: "pic",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "hi" } }, image("F_MISSING")],
    });
    expect(bad.body).toMatchObject({
      ok: false,
      error: "invalid_blocks",
      response_metadata: {
        messages: ["[ERROR] invalid slack file [json-pointer:/blocks/1/slack_file]"],
      },
    });
    fake.deleteFile(file.id);
    const deleted = await api("chat.postMessage", {
      channel: "U_ALICE",
      text: "pic",
      blocks: [image(file.id)],
    });
    expect(deleted.body).toMatchObject({ ok: false, error: "invalid_blocks" });
  });

  it("checks file_input (input blocks only, 1–10 files) and strict rich text", async () => {
    const modal = (element: Json) => ({
      type: "modal",
      title: { type: "plain_text", text: "Files" },
      submit: { type: "plain_text", text: "Send" },
      blocks: [{ type: "input", label: { type: "plain_text", text: "Files" }, element }],
    });
    const open = (view: Json) =>
      api("views.open", { trigger_id: fake.issueTrigger("U_ALICE"), view });
    expect((await open(modal({ type: "file_input", max_files: 10 }))).body.ok).toBe(true);
    expect((await open(modal({ type: "file_input", max_files: 11 }))).body.ok).toBe(false);
    const inMessage = await api("chat.postMessage", {
      channel: "U_ALICE",
      text: "x",
      blocks: [{ type: "actions", elements: [{ type: "file_input" }] }],
    });
    expect(inMessage.body.ok).toBe(false);
    const rich = (elements: unknown[]) =>
      api("chat.postMessage", {
        channel: "U_ALICE",
        text: "x",
        blocks: [{ type: "rich_text", elements }],
      });
    const pre = { type: "rich_text_preformatted", elements: [{ type: "text", text: "*a*" }] };
    expect((await rich([pre])).body.ok).toBe(true);
    expect(
      (await rich([{ type: "rich_text_preformatted", elements: [{ type: "text", text: "" }] }]))
        .body.ok,
    ).toBe(false);
    expect((await rich([{ type: "rich_text_poem", elements: [] }])).body.ok).toBe(false);
  });

  it("a submitted file_input carries the files as Slack describes them", async () => {
    const file = fake.addFile({ name: "clip.mp4", mimetype: "video/mp4", user: "U_BOB" });
    const { buildStateValues } = await import("../../src/sandbox/index.ts");
    const blocks = [
      {
        type: "input",
        block_id: "v",
        label: { type: "plain_text", text: "V" },
        element: { type: "file_input", action_id: "v", max_files: 1 },
      },
    ];
    const lookup = (id: string) => fake.fileObject(fake.file(id)!);
    expect(buildStateValues(blocks, { v: [file.id] }, lookup)).toEqual({
      v: {
        v: {
          type: "file_input",
          files: [expect.objectContaining({ id: file.id, mimetype: "video/mp4" })],
        },
      },
    });
    expect(() => buildStateValues(blocks, { v: [file.id, file.id] }, lookup)).toThrow(/at most 1/);
  });
});

describe("external file uploads", () => {
  /** The smallest valid PNG: 1×1, one grey pixel. */
  const PNG = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==",
    "base64",
  );
  const image = (id: string) => ({
    type: "image",
    slack_file: { id },
    alt_text: "A chart",
  });

  it("a real client's files.uploadV2 goes through all three steps; the image can then be shown", async () => {
    const client = new WebClient(TOKEN, { slackApiUrl: fake.apiUrl });
    const result = await client.files.uploadV2({
      file: PNG,
      filename: "chart.png",
      title: "Chart",
      alt_text: "A chart",
    });
    const completions = (result as unknown as { files: Array<{ files: Array<{ id: string }> }> })
      .files;
    const id = completions[0]?.files[0]?.id;
    if (!id) throw new Error("no file id");
    expect(fake.file(id)).toMatchObject({ filetype: "png", completed: true, channels: [] });
    expect(fake.file(id)?.bytes?.equals(PNG)).toBe(true);
    const posted = await api("chat.postMessage", {
      channel: "C_GENERAL",
      text: "chart",
      blocks: [image(id)],
    });
    expect(posted.body.ok).toBe(true);
    // The sandbox page reads the bytes back.
    const served = await fetch(`${fake.url}/files/${id}/chart.png`);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("refuses an image block whose file does not exist, or was never completed", async () => {
    const unknown = await api("chat.postMessage", {
      channel: "C_GENERAL",
      text: "chart",
      blocks: [image("F_NOPE")],
    });
    expect(unknown.body).toMatchObject({
      ok: false,
      error: "invalid_blocks",
      errors: ["invalid slack file [json-pointer:/blocks/0/slack_file]"],
    });
    const started = await api("files.getUploadURLExternal", {
      filename: "c.png",
      length: PNG.length,
    });
    const id = String(started.body.file_id);
    const halfway = await api("chat.postMessage", {
      channel: "C_GENERAL",
      text: "chart",
      blocks: [image(id)],
    });
    expect(halfway.body.error).toBe("invalid_blocks");
    expect(fake.messagesIn("C_GENERAL")).toHaveLength(0);
  });

  it("checks the bytes: the announced length, and a .png that is not a PNG", async () => {
    const started = await api("files.getUploadURLExternal", { filename: "c.png", length: 10 });
    const url = String(started.body.upload_url);
    expect((await fetch(url, { method: "POST", body: Buffer.alloc(9) })).status).toBe(400);
    expect((await fetch(url, { method: "POST", body: Buffer.alloc(10) })).status).toBe(200);
    const completed = await api("files.completeUploadExternal", {
      files: [{ id: started.body.file_id, title: "c" }],
    });
    expect(completed.body.error).toBe("invalid_file_type");
    const missing = await api("files.completeUploadExternal", { files: [{ id: "F_NOPE" }] });
    expect(missing.body.error).toBe("file_not_found");
    expect((await api("files.getUploadURLExternal", { filename: "c.png" })).body.error).toBe(
      "invalid_arguments",
    );
  });

  it("one table per message; tables only in messages", async () => {
    const table = {
      type: "table",
      rows: [
        [
          { type: "raw_text", text: "a" },
          { type: "raw_text", text: "b" },
        ],
      ],
    };
    const one = await api("chat.postMessage", { channel: "C_GENERAL", text: "t", blocks: [table] });
    expect(one.body.ok).toBe(true);
    const two = await api("chat.postMessage", {
      channel: "C_GENERAL",
      text: "t",
      blocks: [table, table],
    });
    expect(two.body.error).toBe("invalid_attachments");
    const ragged = await api("chat.postMessage", {
      channel: "C_GENERAL",
      text: "t",
      blocks: [{ ...table, rows: [[{ type: "raw_text", text: "a" }], table.rows[0]] }],
    });
    expect(ragged.body.error).toBe("invalid_blocks");
  });
});
