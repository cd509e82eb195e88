/**
 * Bursts of Slack requests for load.ts: the bench's Slack client builds and
 * signs every request of a burst as it would send it, then the burst sender
 * (bench/burst-side.ts, a process of its own) sends them all at once and
 * times them, and the answers go back through the client, which applies
 * them to the fake Slack (a submitted form's answer, a command's reply) only
 * after the burst's timing is done.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  slackSignature,
  SlackClientSim,
  type AppResponse,
  type SigningOptions,
  type SlackClientSimOptions,
} from "../src/sandbox/index.ts";
import type { BurstResult, PreparedRequest } from "./burst-side.ts";

interface Held {
  prepared: PreparedRequest;
  answer(response: BurstResult): void;
}

/** The burst sender's process and a way to send it one burst. */
export async function startBurstSender(): Promise<{
  send(url: string, requests: PreparedRequest[]): Promise<BurstResult[]>;
  stop(): Promise<void>;
}> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./burst-side.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`burst-side.ts exited (${code})`));
      child.once("exit", onExit);
      child.once("message", (message) => {
        child.off("exit", onExit);
        resolve(message as T);
      });
    });
  await next<{ ready: true }>();
  return {
    async send(url, requests) {
      const answered = next<{ results: BurstResult[] }>();
      child.send({ type: "burst", url, requests });
      return (await answered).results;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "stop" });
      await exited;
    },
  };
}

/**
 * The bench's Slack client, whose requests made inside `burst` are held,
 * sent together by the burst sender, and answered with what the app
 * answered. Outside `burst` it posts as usual.
 */
export class BurstClient extends SlackClientSim {
  private held: Held[] | null = null;
  private readonly url: string;
  private readonly secret: string;

  constructor(
    options: SlackClientSimOptions,
    private readonly sender: Awaited<ReturnType<typeof startBurstSender>>,
  ) {
    super(options);
    this.url = options.appUrl;
    this.secret = options.signingSecret;
  }

  override post(
    rawBody: string,
    contentType: string,
    headers: Record<string, string> = {},
    signing: SigningOptions = {},
  ): Promise<AppResponse> {
    const held = this.held;
    if (!held) return super.post(rawBody, contentType, headers, signing);
    const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = signing.signature ?? slackSignature(this.secret, timestamp, rawBody);
    return new Promise((resolve) => {
      held.push({
        prepared: {
          body: rawBody,
          headers: {
            "content-type": contentType,
            "x-slack-request-timestamp": String(timestamp),
            "x-slack-signature": signature,
            ...headers,
          },
        },
        answer: ({ status, body }) => resolve({ status, body, ...parseJson(body) }),
      });
    });
  }

  /**
   * Starts the requests `start` makes (each must reach `post` before its
   * first await, as the client's commands and submissions do), sends them
   * at once, and returns each one's timing, in the order they were made,
   * with what the client's calls returned once the answers were applied.
   */
  async burst<T>(start: () => Array<Promise<T>>): Promise<{ timed: BurstResult[]; done: T[] }> {
    const held: Held[] = [];
    this.held = held;
    let calls: Array<Promise<T>>;
    try {
      calls = start();
    } finally {
      this.held = null;
    }
    if (held.length !== calls.length)
      throw new Error(`${calls.length} requests started, ${held.length} ready to send`);
    const timed = await this.sender.send(
      this.url,
      held.map((h) => h.prepared),
    );
    held.forEach((h, i) => h.answer(timed[i]!));
    return { timed, done: await Promise.all(calls) };
  }
}

function parseJson(body: string): { json?: unknown } {
  if (body.trim() === "") return {};
  try {
    return { json: JSON.parse(body) as unknown };
  } catch {
    return {};
  }
}
