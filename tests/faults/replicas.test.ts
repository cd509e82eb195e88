import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as runCliInProcess } from "../../src/cli.ts";
import type { Database } from "../../src/db/database.ts";
import type { FakeMessage, FakeSlack } from "../../src/sandbox/index.ts";
import type { TestDatabase } from "../support/database.ts";
import { SIGNING_SECRET } from "../support/harness.ts";
import {
  runCli,
  sleep,
  startProcessPair,
  until,
  type AppProcess,
  type ProcessPair,
} from "./support/processes.ts";
import {
  DUTY_CHANNEL,
  JOB_TEAM,
  MEMBERS,
  seedDigestChannels,
  seedRotation,
  seedTeam,
} from "./support/seed.ts";

// Two real app processes (as src/main.ts starts them) on one PostgreSQL
// database, talking to one fake Slack: what a second replica behind a load
// balancer does to the exactly-once promises.
const ALICE = "U_ALICE";
const BOB = "U_BOB";
const CAROL = "U_CAROL";

let fake: FakeSlack;
let testDb: TestDatabase;
let database: Database;
let a: AppProcess;
let b: AppProcess;
let pair: ProcessPair | undefined;

beforeAll(async () => {
  pair = await startProcessPair();
  ({ fake, testDb, database, a, b } = pair);
}, 60_000);

afterAll(async () => {
  // SIGTERM: finish in-flight work, close the database, exit 0.
  expect(await pair?.stop()).toEqual([0, 0]);
}, 60_000);

const hasApprove = (m: FakeMessage) => JSON.stringify(m.blocks ?? []).includes("proposal_approve");

describe("two app processes on one database", () => {
  it("20 Approve clicks spread over both: one decision, one notice to the proposer", async () => {
    // Set up through process A, propose through B: the processes share only the database.
    await a.slack.command(ALICE, "/role", `assign <@${ALICE}> manager`);
    await until(() => fake.ephemeralsTo(ALICE).length === 1, "the manager reply");
    await b.slack.command(ALICE, "/role", `assign <@${BOB}> approver`);
    await until(() => fake.ephemeralsTo(ALICE).length === 2, "the approver reply");

    await a.slack.command(CAROL, "/propose", "");
    await until(() => fake.lastView(CAROL) !== undefined, "the propose modal");
    const view = fake.lastView(CAROL)!;
    const submitted = await b.slack.submitView(CAROL, view, {
      text: "Fault-tolerant launch post",
      platforms: ["linkedin"],
      publishAt: Math.floor(Date.now() / 1000) + 48 * 3600,
      goal: "awareness",
      contentType: "text",
    });
    expect(submitted.status).toBe(200);
    expect(submitted.viewError).toBeNull();
    await until(() => fake.dmsTo(BOB).some(hasApprove), "the approval request");
    await until(() => fake.dmsTo(CAROL).length === 1, "the proposer's confirmation");
    const request = structuredClone(fake.dmsTo(BOB).find(hasApprove)!);
    const carolBefore = fake.dmsTo(CAROL).length;

    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).slack.clickButton(BOB, request, "proposal_approve"),
      ),
    );
    expect(clicks.map((response) => response.status)).toEqual(Array(20).fill(200));

    await until(async () => (await database.db.decision.count()) >= 1, "a decision to be recorded");
    await until(() => fake.dmsTo(CAROL).length > carolBefore, "the proposer's notice");
    // Both processes ack at once and work on; give any late duplicate time to show.
    await until(
      () => fake.callsTo("chat.postEphemeral").length + fake.callsTo("chat.update").length >= 2,
      "the clicks to settle",
    ).catch(() => undefined);
    await sleep(1_500);

    expect(await database.db.decision.count()).toBe(1);
    expect(fake.dmsTo(CAROL).length - carolBefore).toBe(1);
    const proposal = await database.db.proposal.findFirstOrThrow();
    expect(proposal.status).toBe("approved");
    expect(
      await database.db.auditEntry.count({ where: { action: { contains: "approved" } } }),
    ).toBe(1);
    // The approver's message shows the decision and has no buttons left.
    const shown = fake.messagesIn(request.channel).find((m) => m.ts === request.ts);
    expect(hasApprove(shown!)).toBe(false);
  });

  it("jobs run from both sides at once: each webcare reminder and each digest once", async () => {
    await seedTeam(database.db);
    await seedRotation(database.db);
    const channels = await seedDigestChannels(database.db, fake, 5);
    const before = {
      dms: Object.fromEntries(MEMBERS.map((id) => [id, fake.dmsTo(id).length])),
      duty: fake.messagesIn(DUTY_CHANNEL).length,
    };

    // Three days of reminders and one weekly digest, each run three times at
    // once: two in-process runs (each its own connection pool, so the race is
    // decided in PostgreSQL) and, for the first day and the digest, a
    // `greenlight jobs run` process of its own.
    const env = {
      DATABASE_URL: testDb.url,
      SLACK_API_URL: fake.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-faults-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
    };
    const inProcess = async (args: string[]) => {
      const lines: string[] = [];
      const io = {
        out: (line: string) => lines.push(line),
        err: (line: string) => lines.push(line),
      };
      const code = await runCliInProcess(args, env, io);
      return { code: code as number | null, output: lines.join("\n") };
    };
    const runs = [
      ["webcare-reminders", "2030-01-07T09:00:30Z"],
      ["webcare-reminders", "2030-01-08T10:00:00Z"],
      ["webcare-reminders", "2030-01-09T23:59:00Z"],
      ["weekly-digest", "2030-01-14T09:01:00Z"],
    ].map(([job, at]) => ["jobs", "run", job!, "--at", at!]);
    const results = await Promise.all([
      runCli(runs[0]!, testDb.url, fake),
      runCli(runs[3]!, testDb.url, fake),
      ...runs.flatMap((args) => [inProcess(args), inProcess(args)]),
    ]);
    for (const result of results) expect(result.code, result.output).toBe(0);

    // One DM per day, to whoever had that day's duty, and one announcement per day.
    for (const id of MEMBERS) expect(fake.dmsTo(id).length - before.dms[id]!).toBe(1);
    expect(fake.messagesIn(DUTY_CHANNEL).length - before.duty).toBe(3);
    for (const channel of channels) expect(fake.messagesIn(channel)).toHaveLength(1);

    const ledger = await database.db.jobRun.findMany({
      where: { scope: { startsWith: JOB_TEAM } },
    });
    expect(ledger.every((row) => row.status === "sent")).toBe(true);
    expect(ledger).toHaveLength(3 + 3 + channels.length);

    // And again from both: nothing is due any more.
    const again = await Promise.all([runs[0]!, runs[3]!].map((args) => inProcess(args)));
    for (const result of again) expect(result.output).toMatch(/nothing due/);
  });

  it("an event retried by Slack to either process is handled once (one App Home publish)", async () => {
    const published = () =>
      fake.callsTo("views.publish").filter((call) => call.args.user_id === CAROL).length;
    const event = { type: "app_home_opened", user: CAROL, channel: "D_CAROL", tab: "home" };
    const deliveries = await Promise.all([
      a.slack.event(event, { eventId: "EvFaultsSame" }),
      b.slack.event(event, { eventId: "EvFaultsSame", retryNum: 1, retryReason: "http_timeout" }),
      a.slack.event(event, { eventId: "EvFaultsSame", retryNum: 2, retryReason: "http_timeout" }),
      b.slack.event(event, { eventId: "EvFaultsSame", retryNum: 3, retryReason: "http_error" }),
    ]);
    expect(deliveries.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    await until(() => published() >= 1, "the App Home publish");
    await sleep(1_000);
    expect(published()).toBe(1);
    expect(await database.db.processedEvent.count({ where: { eventId: "EvFaultsSame" } })).toBe(1);

    await b.slack.event(event, { eventId: "EvFaultsOther" });
    await until(() => published() === 2, "a new event to publish again");
  });

  it("both processes stay healthy", async () => {
    for (const app of [a, b]) expect((await app.healthz()).status).toBe(200);
  });
});
