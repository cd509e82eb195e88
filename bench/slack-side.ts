/**
 * The Slack side of the ack-latency bench, in its own process so that the
 * load generator does not share an event loop with the apps it measures:
 * a fake Slack Web API (for the apps' response_url answers) and a client
 * that sends signed slash commands with a fixed number in flight.
 *
 * Protocol (IPC): sends {apiUrl} once ready; answers {type:"load", …} with
 * {latencies, failures, busy}; exits on {type:"stop"}.
 */
import { FakeSlack, SlackClientSim } from "../src/sandbox/index.ts";
import { isBusyAnswer } from "./support.ts";

interface LoadRequest {
  type: "load";
  appUrl: string;
  signingSecret: string;
  command: string;
  text: string;
  count: number;
  concurrency: number;
}

type Message = LoadRequest | { type: "stop" };

const secret = process.env.BENCH_SIGNING_SECRET ?? "";
const fake = new FakeSlack({ signingSecret: secret });

async function load(
  request: LoadRequest,
): Promise<{ latencies: number[]; failures: number; busy: number }> {
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
  // The fake records every call; nothing here needs them, keep memory flat.
  // (Not fake.reset(): it forgets the response_urls the app may still be
  // answering after the last ack, and those answers would fail.)
  fake.calls.length = 0;
  return { latencies, failures, busy };
}

process.on("message", (message: Message) => {
  if (message.type === "stop") {
    void fake.stop().then(() => process.exit(0));
    return;
  }
  void load(message).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

await fake.start();
process.send?.({ apiUrl: fake.apiUrl });
