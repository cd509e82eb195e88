import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";

// Signed requests Slack would never send, as an attacker holding a captured
// signature (or a buggy proxy) might: each is answered at once with a plain
// 400, or with a private line when it is a well-formed request the app does
// not know; never Bolt's 404 after 3 s, and the process stays up.
const ALICE = "U_ALICE";
const FORM = "application/x-www-form-urlencoded";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const base = () => `http://127.0.0.1:${h.app.port}`;

function commandForm(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: "verification-token-unused",
    team_id: h.fake.teamId,
    channel_id: "C_GENERAL",
    user_id: ALICE,
    user_name: "alice",
    command: "/role",
    text: "",
    api_app_id: h.fake.appId,
    response_url: h.fake.issueResponseUrl({ userId: ALICE, channelId: "C_GENERAL" }),
    trigger_id: h.fake.issueTrigger(ALICE),
    ...fields,
  }).toString();
}

function payloadForm(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function blockActions(actions: unknown, extra: Record<string, unknown> = {}): unknown {
  return {
    type: "block_actions",
    team: { id: h.fake.teamId, domain: h.fake.teamDomain },
    user: { id: ALICE, name: "alice", team_id: h.fake.teamId },
    api_app_id: h.fake.appId,
    trigger_id: h.fake.issueTrigger(ALICE),
    container: { type: "message", message_ts: "1.000001", channel_id: "C_GENERAL" },
    channel: { id: "C_GENERAL", name: "general" },
    response_url: h.fake.issueResponseUrl({ userId: ALICE, channelId: "C_GENERAL" }),
    actions,
    ...extra,
  };
}

async function stillServing(): Promise<void> {
  const health = await fetch(`${base()}/healthz`);
  expect(health.status).toBe(200);
}

describe("bodies that are not what Slack sends", () => {
  it.each([
    ["payload=null", "payload=null", FORM],
    ["payload=[]", "payload=%5B%5D", FORM],
    ["payload=42", "payload=42", FORM],
    ["payload that is not JSON", "payload=%7Bnope", FORM],
    ["a JSON null", "null", "application/json"],
    ["a JSON string", '"hello"', "application/json"],
    ["a JSON array", "[1,2]", "application/json"],
    ["an empty form", "", FORM],
  ])("%s gets 400 and the process stays up", async (_name, body, type) => {
    const response = await h.slack.post(body, type);
    expect(response.status).toBe(400);
    await stillServing();
  });

  it("checks the signature before telling a malformed body apart", async () => {
    const response = await h.slack.post("payload=null", FORM, {}, { signature: "v0=00" });
    expect(response.status).toBe(401);
  });

  it("refuses wrongly typed fields with 400", async () => {
    const wrong = [
      payloadForm(blockActions("approve")),
      payloadForm(blockActions([{ action_id: 42, type: "button" }])),
      payloadForm({ ...(blockActions([]) as object), user: "U_ALICE" }),
      payloadForm({
        type: "view_submission",
        team: { id: h.fake.teamId },
        user: { id: ALICE },
        view: "v",
      }),
      `${commandForm({})}&command=%2Fcalendar`,
      JSON.stringify({ type: "event_callback", team_id: h.fake.teamId, event: "app_home_opened" }),
    ];
    for (const body of wrong) {
      const type = body.startsWith("{") ? "application/json" : FORM;
      const response = await h.slack.post(body, type);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    await stillServing();
  });

  it("refuses very deep nesting with 400 before parsing it", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const inPayload = `payload=${encodeURIComponent(`{"type":"block_actions","x":${deep}}`)}`;
    expect((await h.slack.post(inPayload, FORM)).status).toBe(400);
    const inJson = `{"type":"event_callback","event":{"type":"x","y":${deep}}}`;
    expect((await h.slack.post(inJson, "application/json")).status).toBe(400);
    await stillServing();
  });
});

describe("well-formed requests the app does not know are answered at once", () => {
  it("an unknown command gets a private line saying so", async () => {
    const response = await h.slack.command(ALICE, "/nonsense", "hello");
    expect(response.status).toBe(200);
    expect(JSON.stringify(h.fake.ephemeralsTo(ALICE).at(-1))).toContain("/nonsense");
  });

  it("says so in the person's language once this process knows it, else in both", async () => {
    const DAVE = "U_DAVE";
    h.fake.setLocale(DAVE, "fr-FR");
    await h.slack.command(DAVE, "/nonsense", "");
    // Not seen yet, and nothing may be looked up for this answer: both languages.
    expect(h.fake.ephemeralsTo(DAVE).at(-1)?.text).toBe(
      "Greenlight does not know `/nonsense`. Type `/greenlight help` to see what it can do.\n" +
        "Greenlight ne connaît pas `/nonsense`. Tapez `/greenlight help` pour voir ce qu’il sait faire.",
    );
    await h.slack.command(DAVE, "/greenlight", "help");
    await h.slack.command(DAVE, "/nonsense", "");
    expect(h.fake.ephemeralsTo(DAVE).at(-1)?.text).toBe(
      "Greenlight ne connaît pas `/nonsense`. Tapez `/greenlight help` pour voir ce qu’il sait faire.",
    );
  });

  it("an unknown button is acknowledged with a plain 200", async () => {
    const body = payloadForm(
      blockActions([
        { type: "button", action_id: "no_such_button", block_id: "b", action_ts: "1" },
      ]),
    );
    const response = await h.slack.post(body, FORM);
    expect(response.status).toBe(200);
  });

  it("an unknown modal callback_id is acknowledged with a plain 200", async () => {
    const body = payloadForm({
      type: "view_submission",
      team: { id: h.fake.teamId, domain: h.fake.teamDomain },
      user: { id: ALICE, name: "alice", team_id: h.fake.teamId },
      view: { id: "V_UNKNOWN", callback_id: "no_such_modal", state: { values: {} }, hash: "1" },
    });
    const response = await h.slack.post(body, FORM);
    expect(response.status).toBe(200);
  });

  it("a lone surrogate in command text gets the usual private answer", async () => {
    const response = await h.slack.command(ALICE, "/role", "assign \ud800 manager");
    expect(response.status).toBe(200);
    expect(JSON.stringify(h.fake.ephemeralsTo(ALICE).at(-1))).toContain("Usage");
  });

  it("a proposal dated in the year 275760 is refused next to the date field", async () => {
    await h.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
    await h.slack.command(ALICE, "/propose", "Far away");
    const view = h.fake.openViews(ALICE).at(-1);
    if (!view) throw new Error("the propose modal did not open");
    const response = await h.slack.submitView(ALICE, view, {
      text: "Far away",
      platforms: ["linkedin"],
      publishAt: 8_640_000_000_000,
      goal: "awareness",
      contentType: "text",
    });
    expect(response.status).toBe(200);
    const answer = response.json as { response_action?: string; errors?: Record<string, string> };
    expect(answer.response_action).toBe("errors");
    expect(answer.errors?.publishAt).toBeTruthy();
    expect(await h.database.db.proposal.count()).toBe(0);
  });
});

describe("bodies over 1 MB", () => {
  /** Sends `bytes` of body in 64 kB chunks without ending it, and waits for the answer. */
  function sendWithoutEnding(
    bytes: number,
    headers: Record<string, string>,
  ): Promise<{ status: number; sent: number }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      const req = request(
        { host: "127.0.0.1", port: h.app.port, path: "/slack/events", method: "POST", headers },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, sent });
          req.destroy();
        },
      );
      req.on("error", (error) => {
        if (!req.destroyed) reject(error);
      });
      const chunk = Buffer.alloc(64 * 1024, "a");
      const pump = () => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        // Never ended: only a server that refuses before the end can answer.
      };
      pump();
    });
  }

  it("refuses a declared 5 MB body with 413 before reading it", async () => {
    const answer = await sendWithoutEnding(128 * 1024, {
      "content-type": FORM,
      "content-length": String(5 * 1024 * 1024),
    });
    expect(answer.status).toBe(413);
  });

  it("refuses a chunked body with 413 as soon as it passes 1 MB", async () => {
    const answer = await sendWithoutEnding(3 * 1024 * 1024, {
      "content-type": FORM,
      "transfer-encoding": "chunked",
    });
    expect(answer.status).toBe(413);
    await stillServing();
  });

  it("still takes a body just under 1 MB", async () => {
    const text = "x".repeat(1024 * 1024 - 2048);
    const response = await h.slack.command(ALICE, "/role", text);
    expect(response.status).toBe(200);
  });
});

describe("text echoed in usage lines", () => {
  /** Every `<…>` Slack would read as a mention, a link or a command. */
  const slackTokens = (text: string) => text.match(/<[^>]*>/g) ?? [];

  it.each([
    ["/metrics", "subscribe <!channel>"],
    ["/metrics", "unsubscribe <@U0EVIL|boss>"],
    ["/metrics", "nonsense"],
    ["/role", "assign <!here> manager"],
    ["/role", "assign <@U_BOB> <https://evil.example|boss>"],
  ])("%s %s pings, links and mentions nobody", async (command, text) => {
    const response = await h.slack.command(ALICE, command, text);
    expect(response.status).toBe(200);
    const reply = String(h.fake.ephemeralsTo(ALICE).at(-1)?.text);
    expect(reply).toContain("Usage");
    expect(slackTokens(reply).filter((t) => !/^<[@#][UC]_?[A-Z]+>$/.test(t))).toEqual([]);
  });
});
