/**
 * The Slack side of the many-workspace digest bench, in its own process:
 * a FakeSlackGrid of TEAMS workspaces, one channel each, every one with its
 * own limits and latency. Apart from the app's process so that the fake's
 * CPU (parsing each call, checking it strictly, recording it, answering)
 * does not count as the app's, as real Slack's does not.
 *
 * Protocol (IPC, each request {id, type, …} answered {id, result} or {id, error}):
 * - setup {teams, latencyMs, limits}: starts the grid → {apiUrl, workspaces}
 *   (each workspace's issued install and channel);
 * - tally: what Slack saw since the last clear → per workspace its files,
 *   its chat.postMessage calls (when each arrived), 429s and messages, and
 *   this process's CPU;
 * - messages: the first message in each workspace's channel, as posted
 *   (channel, text, blocks), for the floor run of the same posts;
 * - clear: forgets the calls (not the messages or files);
 * - stop: stops the grid and exits.
 */
import { FakeSlackGrid, type FakeSlack, type RateLimitSpec } from "../src/sandbox/index.ts";
import { BENCH_OAUTH, issueInstalls, rateLimited, type IssuedInstall } from "./support.ts";

export interface GridWorkspace extends IssuedInstall {
  channelId: string;
}

export interface WorkspaceTally {
  teamId: string;
  /** Files uploaded, and of those the ones completed. */
  files: number;
  completedFiles: number;
  /** When each chat.postMessage call arrived (ms since the epoch). */
  postsAt: number[];
  /** Calls answered 429. */
  rateLimited: number;
  /** Messages in the workspace's channel. */
  copies: number;
  /** Whether the channel's first message shows an uploaded chart. */
  withChart: boolean;
}

export interface GridTally {
  workspaces: WorkspaceTally[];
  /** This process's CPU since the last clear (µs, user + system). */
  cpuMicros: number;
}

/** A message as the app posted it, to post again. */
export interface PostedMessage {
  channel: string;
  text: string;
  blocks: unknown[];
}

export type GridRequest =
  | { type: "setup"; teams: number; latencyMs: number; limits: RateLimitSpec }
  | { type: "tally" }
  | { type: "messages" }
  | { type: "clear" }
  | { type: "stop" };

function workspace(grid: FakeSlackGrid, index: number): FakeSlack {
  const tag = String(index).padStart(4, "0");
  const bot = {
    id: `U${tag}BOT`,
    name: "greenlight",
    real_name: "Greenlight",
    tz: "UTC",
    tz_offset: 0,
    locale: "en-US",
    is_bot: true,
    deleted: false,
    is_admin: false,
    is_owner: false,
  };
  const ann = { ...bot, id: `U${tag}ANN`, name: "ann", real_name: "Ann", is_bot: false };
  return grid.addTeam({
    teamId: `T${tag}`,
    teamName: `Team ${tag}`,
    botUserId: bot.id,
    users: [ann, bot],
    channels: [
      { id: `C${tag}METRICS`, name: "metrics", is_private: false, members: [ann.id, bot.id] },
    ],
  });
}

const grid = new FakeSlackGrid({
  signingSecret: process.env.BENCH_SIGNING_SECRET ?? "",
  clientId: BENCH_OAUTH.clientId,
  clientSecret: BENCH_OAUTH.clientSecret,
});
let teams: FakeSlack[] = [];
let cpu = process.cpuUsage();

async function answer(request: GridRequest): Promise<unknown> {
  switch (request.type) {
    case "setup": {
      teams = Array.from({ length: request.teams }, (_, i) => workspace(grid, i));
      await grid.start();
      for (const fake of teams) {
        fake.setRateLimit(request.limits);
        fake.setLatency(request.latencyMs);
      }
      const installs = issueInstalls(grid, teams);
      const workspaces: GridWorkspace[] = installs.map((install, i) => ({
        ...install,
        channelId: teams[i]?.channels[0]?.id ?? "",
      }));
      cpu = process.cpuUsage();
      return { apiUrl: grid.apiUrl, workspaces };
    }
    case "tally": {
      const used = process.cpuUsage(cpu);
      const tally: GridTally = {
        cpuMicros: used.user + used.system,
        workspaces: teams.map((fake) => {
          const files = fake.allFiles();
          const posts = fake.callsTo("chat.postMessage");
          const messages = fake.messagesIn(fake.channels[0]?.id ?? "");
          return {
            teamId: fake.teamId,
            files: files.length,
            completedFiles: files.filter((file) => file.completed).length,
            postsAt: posts.map((call) => call.at.getTime()),
            rateLimited: rateLimited(posts),
            copies: messages.length,
            withChart: JSON.stringify(messages[0]?.blocks ?? []).includes('"slack_file"'),
          };
        }),
      };
      return tally;
    }
    case "messages":
      return teams.map((fake): PostedMessage | null => {
        const channel = fake.channels[0]?.id ?? "";
        const [first] = fake.messagesIn(channel);
        if (!first) return null;
        return { channel, text: String(first.text ?? ""), blocks: first.blocks ?? [] };
      });
    case "clear":
      for (const fake of teams) fake.calls.length = 0;
      cpu = process.cpuUsage();
      return null;
    case "stop":
      await grid.stop();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on("message", (message: { id: number } & GridRequest) => {
  answer(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
process.send?.({ ready: true });
