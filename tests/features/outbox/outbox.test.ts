import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deps } from "../../../src/deps.ts";
import {
  deliverOutbox,
  enqueue,
  pollOutbox,
  type OutboxItem,
} from "../../../src/slack/outbox/index.ts";
import { startHarness, type Harness } from "../../support/harness.ts";

// The outbox against the strict fake Slack and a real database: each row
// delivered once when Slack answers, never twice when the outcome is unknown.
const TEAM = "T0GREEN";
const ALICE = "U_ALICE"; // manager
const BOB = "U_BOB";
const CAROL = "U_CAROL";

let h: Harness;
let deps: Deps;
beforeEach(async () => {
  h = await startHarness();
  deps = h.app.built.deps;
  await h.database.db.roleAssignment.create({
    data: { teamId: TEAM, userId: ALICE, role: "manager", assignedBy: ALICE },
  });
});
afterEach(async () => {
  await h.close();
});

async function write(items: OutboxItem[]) {
  return h.database.db.$transaction((tx) => enqueue(tx, TEAM, items));
}

const rows = () => h.database.db.outboxMessage.findMany({ orderBy: { id: "asc" } });

/** Makes every row due now, as if its retry time or its lease had passed. */
async function timePasses(): Promise<void> {
  await h.database.db.outboxMessage.updateMany({
    where: { status: "pending" },
    data: { notBefore: new Date(0), leaseUntil: new Date(0) },
  });
}

describe("delivery when Slack answers", () => {
  it("sends a DM, a channel post and updates, each once, and records where they landed", async () => {
    const batch = await write([
      { kind: "dm", userId: BOB, message: { text: "for Bob" }, messageKey: "m:1" },
      { kind: "post", channel: "C_GENERAL", message: { text: "for everyone" } },
      { kind: "update", messageKey: "m:1", message: { text: "for Bob, updated" } },
    ]);
    expect(batch.rows).toHaveLength(2); // the update waits for its post
    expect(batch.waiting).toBe(true);
    const report = await deliverOutbox(deps, batch);
    expect(report.failed).toEqual([]);
    expect(report.sent).toHaveLength(3);

    const [dm] = h.fake.dmsTo(BOB);
    expect(h.fake.dmsTo(BOB)).toHaveLength(1);
    expect(dm?.text).toBe("for Bob, updated");
    expect(h.fake.messagesIn("C_GENERAL").map((m) => m.text)).toEqual(["for everyone"]);
    const stored = await rows();
    expect(stored.map((r) => r.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(stored[0]?.resultTs).toBe(dm?.ts);

    // Nothing left for the next tick.
    expect((await pollOutbox(deps)).sent).toEqual([]);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("joins a public channel it is not in, then posts", async () => {
    await deliverOutbox(
      deps,
      await write([{ kind: "post", channel: "C_SOCIAL", message: { text: "hello social" } }]),
    );
    expect(h.fake.callsTo("conversations.join")).toHaveLength(1);
    expect(h.fake.messagesIn("C_SOCIAL").map((m) => m.text)).toEqual(["hello social"]);
  });

  it("of two pending updates of one message only the latest is sent", async () => {
    await deliverOutbox(
      deps,
      await write([{ kind: "dm", userId: BOB, message: { text: "v1" }, messageKey: "m:2" }]),
    );
    // Slack's front end fails every try of the first update (the client tries 5 times).
    h.fake.failNext("chat.update", { status: 503, times: 5 });
    await deliverOutbox(deps, [
      await write([{ kind: "update", messageKey: "m:2", message: { text: "v2" } }]),
    ]);
    expect((await rows())[1]?.status).toBe("pending");
    await write([{ kind: "update", messageKey: "m:2", message: { text: "v3" } }]);
    await timePasses();
    await pollOutbox(deps);
    const applied = h.fake.callsTo("chat.update").filter((call) => call.response.ok === true);
    expect(applied.map((call) => call.args.text)).toEqual(["v3"]);
    expect(h.fake.dmsTo(BOB)[0]?.text).toBe("v3");
    expect((await rows()).map((r) => r.status)).toEqual(["delivered", "skipped", "delivered"]);
  });
});

describe("transient failures are retried", () => {
  it("a rate limit gives the row back; it is sent once when its time comes", async () => {
    h.fake.failNext("chat.postMessage", { error: "ratelimited" });
    const report = await deliverOutbox(
      deps,
      await write([{ kind: "post", channel: "C_GENERAL", message: { text: "later" } }]),
    );
    expect(report.sent).toEqual([]);
    const [row] = await rows();
    expect(row?.status).toBe("pending");
    expect(row?.startedAt).toBeNull();
    expect(row!.notBefore.getTime()).toBeGreaterThan(Date.now() + 2_000);

    expect((await pollOutbox(deps)).sent).toEqual([]); // not yet
    await timePasses();
    expect((await pollOutbox(deps)).sent).toHaveLength(1);
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(1);
    expect((await rows())[0]?.status).toBe("delivered");
  });

  it("a 5xx on conversations.open is retried, the DM sent once", async () => {
    h.fake.failNext("conversations.open", { status: 500, times: 20 });
    await deliverOutbox(
      deps,
      await write([{ kind: "dm", userId: CAROL, message: { text: "hi" } }]),
    );
    expect(h.fake.dmsTo(CAROL)).toHaveLength(0);
    h.fake.reset();
    await timePasses();
    await pollOutbox(deps);
    expect(h.fake.dmsTo(CAROL).map((m) => m.text)).toEqual(["hi"]);
  });
});

describe("permanent failures stop and tell the managers once", () => {
  it("not_in_channel on a private channel: failed, one DM to each manager saying what to fix", async () => {
    await h.database.db.roleAssignment.create({
      data: { teamId: TEAM, userId: DAVE, role: "manager", assignedBy: ALICE },
    });
    for (let i = 0; i < 2; i += 1) {
      const report = await deliverOutbox(
        deps,
        await write([{ kind: "post", channel: "G_PRIVATE", message: { text: `try ${i}` } }]),
      );
      expect(report.failed).toHaveLength(1);
    }
    expect(h.fake.messagesIn("G_PRIVATE")).toHaveLength(0);
    for (const manager of [ALICE, DAVE]) {
      const notices = h.fake.dmsTo(manager);
      expect(notices).toHaveLength(1);
      expect(notices[0]?.text).toContain("channel_not_found");
      expect(notices[0]?.text).toContain("invite Greenlight");
    }
    expect((await rows()).filter((r) => r.purpose === "notice").map((r) => r.status)).toEqual([
      "failed",
      "failed",
    ]);
    await timePasses();
    await pollOutbox(deps);
    // Each row was tried once; none again.
    expect(
      h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "G_PRIVATE"),
    ).toHaveLength(2);
  });

  it("a person who left: account_inactive is not retried", async () => {
    h.fake.failNext("chat.postMessage", { error: "account_inactive" });
    const report = await deliverOutbox(
      deps,
      await write([{ kind: "dm", userId: CAROL, message: { text: "hi" } }]),
    );
    expect(report.failed[0]).toContain("account_inactive");
    expect(h.fake.dmsTo(ALICE)[0]?.text).toContain("has left the workspace");
    await timePasses();
    await pollOutbox(deps);
    expect(h.fake.dmsTo(CAROL)).toHaveLength(0);
  });
});

describe("the managers' notice", () => {
  it("is in each manager's language: a French manager reads French, an English one English", async () => {
    await h.database.db.roleAssignment.create({
      data: { teamId: TEAM, userId: BOB, role: "manager", assignedBy: ALICE },
    });
    // Bob chose French (as /greenlight language fr stores it).
    await h.database.db.personLanguage.create({
      data: { teamId: TEAM, userId: BOB, choice: "fr" },
    });
    h.fake.failNext("chat.postMessage", { error: "is_archived" });
    await deliverOutbox(
      deps,
      await write([{ kind: "post", channel: "C_SOCIAL", message: { text: "hi" } }]),
    );
    expect(h.fake.dmsTo(BOB)[0]?.text).toBe(
      ":warning: Greenlight n’a pas pu remettre un message dans <#C_SOCIAL>\u00a0: Slack a répondu `is_archived`. <#C_SOCIAL> est archivé\u00a0: désarchivez-le, ou choisissez un autre canal.",
    );
    expect(h.fake.dmsTo(ALICE)[0]?.text).toBe(
      ":warning: Greenlight could not deliver a message in <#C_SOCIAL>: Slack answered `is_archived`. <#C_SOCIAL> is archived: unarchive it, or choose another channel.",
    );
  });
});

describe("an unknown outcome is never sent twice", () => {
  it("internal_error after Slack posted: unknown, not retried", async () => {
    h.fake.failNext("chat.postMessage", { error: "internal_error", applyThenFail: true });
    const report = await deliverOutbox(
      deps,
      await write([{ kind: "post", channel: "C_GENERAL", message: { text: "once" } }]),
    );
    expect(report.failed[0]).toContain("may have been delivered");
    await timePasses();
    await pollOutbox(deps);
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(1);
    expect((await rows())[0]?.status).toBe("unknown");
  });

  it("a process that died before sending: the row is sent after its lease; after sending started: never", async () => {
    // Written and claimed by a request whose process then died (no delivery).
    await write([
      { kind: "post", channel: "C_GENERAL", message: { text: "never started" } },
      { kind: "post", channel: "C_GENERAL", message: { text: "started" } },
    ]);
    const [, started] = await rows();
    await h.database.db.outboxMessage.update({
      where: { id: started!.id },
      data: { startedAt: new Date() },
    });
    expect((await pollOutbox(deps)).sent).toEqual([]); // leases still held
    await timePasses();
    const report = await pollOutbox(deps);
    expect(report.sent).toHaveLength(1);
    expect(h.fake.messagesIn("C_GENERAL").map((m) => m.text)).toEqual(["never started"]);
    expect((await rows()).map((r) => r.status)).toEqual(["delivered", "unknown"]);
  });
});

describe("replicas", () => {
  it("two workers polling at once deliver each row exactly once", async () => {
    const items: OutboxItem[] = Array.from({ length: 30 }, (_, i) => ({
      kind: "post",
      channel: "C_GENERAL",
      message: { text: `message ${i}` },
    }));
    await write(items);
    await timePasses();
    const other = await h.startReplica();
    await Promise.all([pollOutbox(deps), pollOutbox(other.app.built.deps)]);
    const texts = h.fake.messagesIn("C_GENERAL").map((m) => m.text);
    expect(texts).toHaveLength(30);
    expect(new Set(texts).size).toBe(30);
  });
});

const DAVE = "U_DAVE";
