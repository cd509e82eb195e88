/**
 * The app's CPU per chat.postMessage, and the floor under it: N posts with
 * C in flight against a minimal Slack stand-in in another process
 * (bench/bare-http-side.ts: it parses the body and answers
 * `{"ok":true,"ts":…}`, nothing else, so none of its CPU counts here), each way of calling timed by this process's CPU:
 * - node:http with a keep-alive agent (the floor: one HTTP request);
 * - fetch (undici, what @slack/web-api 8 calls);
 * - the app's WebClient (slackClientOptions: guarded fetch, bounded retries,
 *   timeout), with the digest's message (text and blocks, as rendered).
 * The digest fan-out over many workspaces (bench/digest-many-teams.ts) makes
 * one such post per workspace: its CPU bound is N × the WebClient's figure.
 */
import { request, Agent } from "node:http";
import { WebClient, LogLevel, type FetchFunction } from "@slack/web-api";
import { slackClientOptions } from "../src/slack/client.ts";
import { isMain, postOverHttp, runAlone, startBareSlack, type Figure } from "./support.ts";

const POSTS = Number(process.env.BENCH_POSTS ?? 1_000);
const IN_FLIGHT = 64;
const ROUNDS = 3;

/** A digest-sized message: header, five sections of figures, a context line. */
const message = {
  channel: "C0000METRICS",
  text: "Weekly digest — week of 2026-11-23: reach 2,100 (+5 %), impressions 8,020, engagements 242",
  blocks: [
    { type: "header", text: { type: "plain_text", text: "Weekly digest — week of 23 Nov" } },
    ...Array.from({ length: 5 }, (_, i) => ({
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Platform ${i}*\nReach 1,05${i} (+10 %)` },
        { type: "mrkdwn", text: `*Impressions*\n4,01${i} (+0.2 %)` },
      ],
    })),
    { type: "image", slack_file: { id: "F0000CHART" }, alt_text: "Reach over 12 weeks" },
    { type: "context", elements: [{ type: "mrkdwn", text: "Goals: 2 of 3 met" }] },
  ],
  unfurl_links: false,
  unfurl_media: false,
};

/** This process's CPU per call (ms), POSTS calls with IN_FLIGHT at once, after a warm-up. */
async function cpuPerCall(call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i += 1) await call();
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < POSTS) {
        next += 1;
        await call();
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / POSTS;
}

/** A fetch for the WebClient on node:http (form bodies only; anything else goes to fetch). */
function httpFetch(agent: Agent): FetchFunction {
  return (input, init) => {
    const body = init?.body;
    if (typeof body !== "string") return fetch(input, init);
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        input,
        {
          method: init?.method ?? "POST",
          agent,
          headers: {
            ...(init?.headers as Record<string, string>),
            "content-length": Buffer.byteLength(body),
          },
          signal: init?.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (typeof value === "string") headers.set(name, value);
            }
            resolve(
              new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers }),
            );
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  };
}

export async function slackCallCost(): Promise<Figure[]> {
  const server = await startBareSlack();
  const apiUrl = server.apiUrl;
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const form = () =>
      new URLSearchParams({
        channel: message.channel,
        text: message.text,
        blocks: JSON.stringify(message.blocks),
        unfurl_links: "false",
        unfurl_media: "false",
      }).toString();
    const viaHttp = () =>
      postOverHttp(`${apiUrl}chat.postMessage`, form(), agent, {
        "content-type": "application/x-www-form-urlencoded",
        authorization: "Bearer xoxb-bench",
      });
    const viaFetch = async () => {
      const response = await fetch(`${apiUrl}chat.postMessage`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: "Bearer xoxb-bench",
        },
        body: form(),
      });
      return response.json();
    };
    const client = new WebClient("xoxb-bench", {
      ...slackClientOptions(apiUrl),
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    const viaWebClient = () => client.chat.postMessage(message);
    // The same WebClient, its transport node:http instead of undici's fetch.
    const overHttp = new WebClient("xoxb-bench", {
      ...slackClientOptions(apiUrl),
      fetch: httpFetch(agent),
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    const viaWebClientOverHttp = () => overHttp.chat.postMessage(message);
    // One WebClient per post: what a client built per team at the due tick costs.
    const viaNewWebClient = () =>
      new WebClient("xoxb-bench", {
        ...slackClientOptions(apiUrl),
        rejectRateLimitedCalls: true,
        logLevel: LogLevel.ERROR,
      }).chat.postMessage(message);
    const ways: Array<[string, () => Promise<unknown>]> = [
      ["node:http, keep-alive", viaHttp],
      ["fetch (undici)", viaFetch],
      ["the app's WebClient", viaWebClient],
      ["the app's WebClient over node:http", viaWebClientOverHttp],
      ["a new WebClient per post", viaNewWebClient],
    ];
    // Each way ROUNDS times, in turn, so that the machine's load and the GC's
    // moods fall on all of them alike: the median of each.
    const samples = new Map<string, number[]>(ways.map(([label]) => [label, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [label, call] of round % 2 === 0 ? ways : [...ways].reverse()) {
        samples.get(label)?.push(await cpuPerCall(call));
      }
    }
    return ways.map(([label]) => {
      const sorted = [...(samples.get(label) ?? [])].sort((x, y) => x - y);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      return {
        figure: `CPU per chat.postMessage, ${label} (${POSTS} posts, ${IN_FLIGHT} in flight; median of ${ROUNDS})`,
        value: `${median.toFixed(3)} ms (${sorted.map((x) => x.toFixed(2)).join(" / ")}; 500 posts: ${(median * 500).toFixed(0)} ms)`,
        target: "—",
        met: null,
      };
    });
  } finally {
    server.stop();
  }
}

if (isMain(import.meta.url)) {
  runAlone("CPU per Slack call", slackCallCost);
}
