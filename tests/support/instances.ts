import { openDatabase } from "../../src/db/database.ts";
import { startGreenlight, type RunningGreenlight } from "../../src/runtime.ts";
import { FakeSlackGrid, fakeUser, type FakeSlack } from "../../src/sandbox/index.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { SIGNING_SECRET, TestClock, silentLogger } from "./harness.ts";
import { CLIENT_ID, CLIENT_SECRET, oauthConfig } from "./installs.ts";

/**
 * Two real app instances on one fresh database, as two replicas are deployed
 * in many-workspace mode (OAuth installs, one bot token per team), against a
 * fake Slack of many workspaces. Each instance has its own pool and Slack
 * clients, and its SQL statements are counted.
 */
export interface TwoInstances {
  grid: FakeSlackGrid;
  testDb: TestDatabase;
  clock: TestClock;
  apps: RunningGreenlight[];
  /** SQL statements each app instance has sent so far (Prisma's query events). */
  queries: number[];
  /** Instance `i` (0 or 1). */
  app(i: number): RunningGreenlight;
  /**
   * A workspace T<tag> on the grid: ann, ben and cid (in `timezone`) and the
   * bot U<tag>BOT, all members of each channel C<tag><NAME> (default: #duty).
   */
  addWorkspace(tag: string, options?: { timezone?: string; channels?: string[] }): FakeSlack;
  /** Installs a workspace through instance `via`, as the OAuth callback stores it (ann installs). */
  install(fake: FakeSlack, via: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTwoInstances(options: { now?: string } = {}): Promise<TwoInstances> {
  const grid = new FakeSlackGrid({
    signingSecret: SIGNING_SECRET,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });
  await grid.start();
  const testDb = await createTestDatabase();
  const clock = new TestClock(new Date(options.now ?? "2026-11-23T08:00:00Z"));
  const config = oauthConfig(testDb.url, grid.apiUrl, "error");
  const apps: RunningGreenlight[] = [];
  const queries = [0, 0];
  for (const i of [0, 1]) {
    const database = await openDatabase(testDb.url, {
      onQuery: () => {
        queries[i] = (queries[i] ?? 0) + 1;
      },
    });
    apps.push(
      await startGreenlight({
        config,
        database,
        clock: clock.now,
        host: "127.0.0.1",
        logger: silentLogger,
      }),
    );
  }
  const app = (i: number): RunningGreenlight => {
    const running = apps[i];
    if (!running) throw new Error(`no app instance ${i}`);
    return running;
  };

  return {
    grid,
    testDb,
    clock,
    apps,
    queries,
    app,
    addWorkspace(tag, { timezone = "UTC", channels = ["duty"] } = {}) {
      const person = (name: string) =>
        fakeUser(`U${tag}${name.toUpperCase()}`, name, name, timezone, 0);
      const bot = fakeUser(`U${tag}BOT`, "greenlight", "greenlight", timezone, 0, { is_bot: true });
      const users = [person("ann"), person("ben"), person("cid"), bot];
      return grid.addTeam({
        teamId: `T${tag}`,
        teamName: `Team ${tag}`,
        botUserId: bot.id,
        users,
        channels: channels.map((name) => ({
          id: `C${tag}${name.toUpperCase()}`,
          name,
          is_private: false,
          members: users.map((u) => u.id),
        })),
      });
    },
    async install(fake, via) {
      const { token, botUserId } = grid.issueInstall(fake.teamId);
      await app(via).built.installations?.storeInstallation({
        team: { id: fake.teamId, name: fake.teamName },
        enterprise: undefined,
        user: { id: `U${fake.teamId.slice(1)}ANN`, token: undefined, scopes: undefined },
        bot: { token, id: fake.botId, userId: botUserId, scopes: ["chat:write"] },
        isEnterpriseInstall: false,
        tokenType: "bot",
        authVersion: "v2",
      });
    },
    async close() {
      for (const running of apps) await running.stop();
      await grid.stop();
      await testDb.drop();
    },
  };
}
