import { LogLevel, type Logger } from "@slack/bolt";
import { FakeSlack, SlackClientSim } from "../../src/sandbox/index.ts";
import type { Config } from "../../src/config.ts";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { startGreenlight, type RunningGreenlight, type StartOptions } from "../../src/runtime.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export const SIGNING_SECRET = "testsigningsecret0123456789abcdef";

/** A logger that drops every line: for app instances whose logs a test does not read. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A clock a test moves by hand. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current.getTime());
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Harness {
  fake: FakeSlack;
  slack: SlackClientSim;
  app: RunningGreenlight;
  database: Database;
  clock: TestClock;
  testDb: TestDatabase;
  /** A second replica on the same database (for race tests). */
  startReplica(): Promise<{ app: RunningGreenlight; slack: SlackClientSim }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  now?: Date | string;
  services?: StartOptions["services"];
  /** Opens the app's database at another URL for the same database (a proxy in front of it). */
  databaseUrl?: (url: string) => string | Promise<string>;
  /**
   * Hold each HTTP answer until the listener is done (the default in tests);
   * false answers as production does, at the ack.
   */
  processBeforeResponse?: boolean;
}

/**
 * The real app over real HTTP on a fresh database, talking to a strict fake
 * Slack, driven by signed requests as Slack sends them.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new TestClock(new Date(options.now ?? "2026-11-23T10:00:00Z"));
  const fake = new FakeSlack({ signingSecret: SIGNING_SECRET });
  await fake.start();
  const testDb = await createTestDatabase();
  const config: Config = {
    mode: "http",
    botToken: "xoxb-test-token",
    signingSecret: SIGNING_SECRET,
    appToken: undefined,
    databaseUrl: testDb.url,
    port: 0,
    slackApiUrl: fake.apiUrl,
    logLevel: "error",
  };
  const replicas: RunningGreenlight[] = [];
  const start = async () => {
    const database = options.databaseUrl
      ? await openDatabase(await options.databaseUrl(testDb.url))
      : await testDb.open();
    const app = await startGreenlight({
      config,
      database,
      clock: clock.now,
      processBeforeResponse: options.processBeforeResponse ?? true,
      host: "127.0.0.1",
      ...(options.services ? { services: options.services } : {}),
    });
    replicas.push(app);
    const slack = new SlackClientSim({
      appUrl: `http://127.0.0.1:${app.port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
      // As processBeforeResponse does for listeners: what a form or a command
      // does after its answer has reached the fake when the request returns.
      ...(options.processBeforeResponse === false
        ? {}
        : { workAfterAnswers: (triggerId) => app.built.answeredWorkDone(triggerId) }),
    });
    return { app, slack };
  };
  const first = await start();
  return {
    fake,
    slack: first.slack,
    app: first.app,
    database: first.app.database,
    clock,
    testDb,
    startReplica: start,
    async close() {
      for (const app of replicas) await app.stop();
      await fake.stop();
      await testDb.drop();
    },
  };
}

/**
 * Sends a slash command as Slack does, checks it was acknowledged, and gives
 * the texts of the private replies `userId` got for it: in its ack or through
 * response_url, its work after the ack included.
 */
export async function privateRepliesTo(
  h: Pick<Harness, "fake" | "slack">,
  userId: string,
  command: string,
  text: string,
): Promise<string[]> {
  const before = h.fake.ephemeralsTo(userId).length;
  const response = await h.slack.command(userId, command, text);
  if (response.status !== 200) throw new Error(`${command} ${text}: HTTP ${response.status}`);
  return h.fake
    .ephemeralsTo(userId)
    .slice(before)
    .map((reply) => String(reply.text));
}
