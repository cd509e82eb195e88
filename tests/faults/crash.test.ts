import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { FakeSlack } from "../../src/sandbox/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { SIGNING_SECRET } from "../support/harness.ts";
import { runCli, sleep, startCli, until } from "./support/processes.ts";
import { seedDigestChannels, seedTeam } from "./support/seed.ts";

// `kill -9` in the middle of a digest fan-out, then the same job again.
let fake: FakeSlack;
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  fake = new FakeSlack({ signingSecret: SIGNING_SECRET });
  await fake.start();
  testDb = await createTestDatabase();
  database = await testDb.open();
});

afterAll(async () => {
  await database?.close();
  await fake?.stop();
  await testDb?.drop();
});

describe("kill -9 during the weekly digest fan-out", () => {
  it("the next run finishes it; no channel is posted twice", async () => {
    await seedTeam(database.db);
    const channels = await seedDigestChannels(database.db, fake, 200);
    // Slack is slow today: every post takes 15 ms, so 200 take seconds.
    fake.failNext("chat.postMessage", { delayMs: 15, times: 10_000 });
    const args = ["jobs", "run", "weekly-digest", "--at", "2030-01-14T09:05:00Z"];

    const first = startCli(args, testDb.url, fake);
    await until(() => fake.callsTo("chat.postMessage").length >= 60, "60 posts", 30_000);
    first.child.kill("SIGKILL");
    expect(await first.done).toBeNull(); // killed, not exited
    await sleep(100); // the post in flight lands at the fake after the kill
    const postedBeforeCrash = fake.callsTo("chat.postMessage").length;
    expect(postedBeforeCrash).toBeLessThan(channels.length);

    // Claims whose post never started are taken again once their lease has
    // run out (two minutes of wall-clock time; the test moves them past it).
    const started = await database.db.jobRun.count({ where: { startedAt: { not: null } } });
    await database.db.jobRun.updateMany({
      where: { status: "claimed" },
      data: { leaseUntil: new Date(Date.now() - 1000) },
    });
    const second = await runCli(args, testDb.url, fake);
    expect(second.code, second.output).toBe(0);

    const perChannel = channels.map((id) => fake.messagesIn(id).length);
    expect(Math.max(...perChannel), "no channel posted twice").toBe(1);

    // What a crash can leave: the posts in flight when it happened (their
    // post started, so Slack may have them; never posted again). Every
    // channel whose post had not started gets its digest.
    const IN_FLIGHT = 8;
    const rows = await database.db.jobRun.findMany({ where: { job: "weekly-digest" } });
    expect(rows).toHaveLength(channels.length);
    const unfinished = rows.filter((row) => row.status !== "sent");
    expect(unfinished.length).toBeLessThanOrEqual(Math.min(IN_FLIGHT, started));
    for (const row of unfinished) expect(row.status).toBe("sending");
    const missing = channels.filter((id) => fake.messagesIn(id).length === 0);
    expect(missing.length).toBeLessThanOrEqual(unfinished.length);
    for (const id of missing) {
      expect(unfinished.map((row) => row.scope)).toContain(`T_FAULTS/${id}`);
    }
    expect(perChannel.filter((n) => n === 1).length).toBeGreaterThanOrEqual(
      channels.length - IN_FLIGHT,
    );

    // A third run has nothing left to do.
    const third = await runCli(args, testDb.url, fake);
    expect(third.output).toMatch(/nothing due/);
    // Three CLI processes and 200 posts: minutes on a loaded machine.
  }, 180_000);
});
