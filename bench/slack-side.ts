/**
 * The load generator of the ack-latency bench, in its own process so that it
 * does not share an event loop with the apps it measures: a client that
 * sends signed slash commands with a fixed number in flight. Each command's
 * response_url is one the fake Slack's own process issued
 * (bench/slack-api-side.ts): the apps' answers go there, not here.
 *
 * Protocol (IPC): sends {ready} once ready; answers {type:"load", …} with
 * {latencies, failures, busy}; exits on {type:"stop"}.
 */
import { FakeSlack, SlackClientSim, type ResponseUrlContext } from "../src/sandbox/index.ts";
import { isBusyAnswer } from "./support.ts";

interface LoadRequest {
  type: "load";
  appUrl: string;
  signingSecret: string;
  command: string;
  text: string;
  count: number;
  concurrency: number;
  /** One response_url per command, issued by the fake Slack's process. */
  responseUrls: string[];
}

type Message = LoadRequest | { type: "stop" };

const secret = process.env.BENCH_SIGNING_SECRET ?? "";

/**
 * The workspace the commands come from (team, users, channels), never
 * served: its response_urls are the ones handed over by the fake Slack's
 * process, in order.
 */
class CommandSource extends FakeSlack {
  issuedElsewhere: string[] = [];
  override issueResponseUrl(_context: ResponseUrlContext): string {
    const url = this.issuedElsewhere.shift();
    if (url === undefined) throw new Error("no response_url left from the fake Slack's process");
    return url;
  }
}
const fake = new CommandSource({ signingSecret: secret });

async function load(
  request: LoadRequest,
): Promise<{ latencies: number[]; failures: number; busy: number }> {
  fake.issuedElsewhere = [...request.responseUrls];
  const slack = new SlackClientSim({ appUrl: request.appUrl, signingSecret: secret, fake });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let busy = 0;
  const worker = async () => {
    while (next < request.count) {
      next += 1;
      const started = performance.now();
      try {
        // The reply in the ack is only read for the busy count: checking and
        // recording it (the fake's work, not the app's) would count in its
        // latency and slow this process for the other requests in flight,
        // for the apps whose acks carry a reply only.
        const response = await slack.command("U_ALICE", request.command, request.text, {
          showReply: false,
        });
        if (response.status !== 200) failures += 1;
        else if (isBusyAnswer(response.body)) busy += 1;
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(request.concurrency, request.count) }, worker));
  return { latencies, failures, busy };
}

process.on("message", (message: Message) => {
  if (message.type === "stop") process.exit(0);
  void load(message).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

process.send?.({ ready: true });
