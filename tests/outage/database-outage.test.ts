import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerMessages } from "../../src/slack/answer-every-request.ts";
import { privateRepliesTo, startHarness, type Harness } from "../support/harness.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";
import { ACTION, ALICE, BOB, CAROL, driver } from "../features/proposals/helpers.ts";

// The database server behind a proxy that can stop answering (hang) or go
// down (cut). PostgreSQL only: SQLite is a file inside the process, it has
// no network to lose.
let h: Harness;
let proxy: TcpProxy | undefined;
beforeAll(async () => {
  h = await startHarness({
    databaseUrl: async (url) => {
      const through = await TcpProxy.inFrontOf(url);
      proxy = through.proxy;
      return through.url;
    },
  });
}, 60_000);
afterAll(async () => {
  proxy?.restore();
  await h.close();
  await proxy?.stop();
});

function db(): TcpProxy {
  if (!proxy) throw new Error("no proxy");
  return proxy;
}

describe("a database that stops answering", () => {
  it("/healthz answers 503 within a second or two, then 200 again once it answers", async () => {
    expect((await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).status).toBe(200);
    db().hang();
    try {
      // Without a timeout on the ping the probe waits for TCP to give up (36–40 s).
      const down = await fetch(`http://127.0.0.1:${h.app.port}/healthz`, {
        signal: AbortSignal.timeout(4_000),
      });
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, error: "database_unreachable" });
    } finally {
      db().cut();
      db().restore();
    }
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).status)
      .toBe(200);
  });
});

describe("a database that is down", () => {
  it("a command and a click each tell the person privately to try again in a moment", async () => {
    const d = driver(h);
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);

    db().cut();
    try {
      const command = await h.slack.command(ALICE, "/role", "list");
      expect(command.status).toBe(200);
      expect(h.fake.ephemeralsTo(ALICE).at(-1)?.text).toBe(answerMessages("en").databaseDown);

      const click = await h.slack.clickButton(BOB, request, ACTION.approve);
      expect(click.status).toBe(200);
      // Bob's language was never read by this process (nothing may be read now): both.
      expect(h.fake.ephemeralsTo(BOB).at(-1)?.text).toBe(
        `${answerMessages("en").databaseDown}\n${answerMessages("fr").databaseDown}`,
      );
    } finally {
      db().restore();
    }
    // Nothing was decided: the approver can approve once the database is back.
    await expect.poll(async () => (await h.slack.command(ALICE, "/role", "list")).status).toBe(200);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "pending",
    );
  });

  it("/metrics, /greenlight and /propose, whose work runs after their ack, tell the same", async () => {
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${h.app.port}/healthz`)).status)
      .toBe(200);
    // Alice's language is read once while the database answers.
    await h.slack.command(ALICE, "/greenlight", "help");
    db().cut();
    try {
      for (const [command, text] of [
        ["/metrics", "goals"],
        ["/greenlight", "settings"],
        ["/propose", ""],
      ] as const) {
        expect(await privateRepliesTo(h, ALICE, command, text)).toEqual([
          answerMessages("en").databaseDown,
        ]);
      }
      expect(h.fake.openViews(ALICE)).toHaveLength(0);
    } finally {
      db().restore();
    }
  });
});
