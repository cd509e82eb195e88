/**
 * The fake Slack of the ack-latency bench, in a process of its own: the Web
 * API and the response_url endpoints the apps answer `/calendar month` on.
 * Apart from the load generator (bench/slack-side.ts) so that checking and
 * storing those answers does not hold up the generator's event loop, and
 * with it the ack times it reads, as real Slack's servers would not.
 *
 * Protocol (IPC): sends {apiUrl} once ready; answers {type:"issue", count,
 * userId, channelId} with {urls}, `count` response_urls for the generator's
 * commands; answers {type:"answered"} with {answered, refused}, the
 * response_url answers accepted and refused so far; exits on {type:"stop"}.
 */
import { FakeSlack } from "../src/sandbox/index.ts";

export type ApiSideRequest =
  | { type: "issue"; count: number; userId: string; channelId: string }
  | { type: "answered" }
  | { type: "stop" };

const fake = new FakeSlack({ signingSecret: process.env.BENCH_SIGNING_SECRET ?? "" });

/** The response_url answers of the calls forgotten so far. */
let answered = 0;
let refused = 0;
/**
 * The fake records every call; only the response_url answers are counted:
 * keep memory flat. (Not fake.reset(): it forgets the response_urls the app
 * may still answer.)
 */
function countAndForget(): void {
  for (const call of fake.calls) {
    if (call.method !== "response_url") continue;
    if (call.response.ok === true) answered += 1;
    else refused += 1;
  }
  fake.calls.length = 0;
}

process.on("message", (message: ApiSideRequest) => {
  if (message.type === "stop") {
    void fake.stop().then(() => process.exit(0));
    return;
  }
  countAndForget();
  if (message.type === "answered") {
    process.send?.({ answered, refused });
    return;
  }
  const { userId, channelId } = message;
  const urls = Array.from({ length: message.count }, () =>
    fake.issueResponseUrl({ userId, channelId }),
  );
  process.send?.({ urls });
});

await fake.start();
process.send?.({ apiUrl: fake.apiUrl });
