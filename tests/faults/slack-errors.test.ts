import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Deps } from "../../src/deps.ts";
import { weeklyDigestJob } from "../../src/features/metrics/digest-job.ts";
import { runWebcareReminders } from "../../src/features/webcare/reminders.ts";
import { slackClientOptions } from "../../src/slack/client.ts";
import { singleWorkspaceClients } from "../../src/install/clients.ts";
import { startHarness, type Harness } from "../support/harness.ts";
import { seedDigestChannels, seedRotation, seedTeam } from "./support/seed.ts";

// Slack failing under the app: 429 with Retry-After, 5xx, timeouts, and
// "accepted but the answer was lost" (applyThenFail).
let h: Harness;
let deps: Deps;
beforeEach(async () => {
  h = await startHarness();
  deps = h.app.built.deps;
  await seedTeam(h.database.db);
});
afterEach(async () => {
  await h.close();
});

const DIGEST_AT = new Date("2030-01-14T09:01:00Z");
const base = () => `http://127.0.0.1:${h.app.port}`;

/** The app's own client options, with a short timeout so a test can provoke one. */
function depsWithTimeout(ms: number): Deps {
  return {
    ...deps,
    slackFor: singleWorkspaceClients(
      new WebClient("xoxb-test-token", slackClientOptions(h.fake.apiUrl, { timeout: ms })),
    ),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe("429 with Retry-After", () => {
  it("waits and retries: every channel posted once; /healthz and /role list answer meanwhile", async () => {
    const channels = await seedDigestChannels(h.database.db, h.fake, 3);
    h.fake.failNext("chat.postMessage", { status: 429, retryAfter: 2, times: 1 });
    const started = Date.now();
    const digest = weeklyDigestJob.run(deps, DIGEST_AT);

    await new Promise((resolve) => setTimeout(resolve, 300));
    const health = await timed(() => fetch(`${base()}/healthz`));
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(500);
    const roles = await timed(() => h.slack.command("U_ALICE", "/role", "list"));
    expect(roles.value.status).toBe(200);
    expect(h.fake.ephemeralsTo("U_ALICE")).toHaveLength(1);
    // The reply did not wait for the digest's Retry-After (2 s).
    expect(roles.ms).toBeLessThan(1_500);

    const sent = await digest;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(sent).toHaveLength(3);
    for (const channel of channels) expect(h.fake.messagesIn(channel)).toHaveLength(1);
  });

  it("a per-channel rate limit does not lose or double any post", async () => {
    await seedRotation(h.database.db);
    h.fake.setRateLimit({ perChannelPerSecond: 1, burst: 1 });
    const sent = await runWebcareReminders(deps, new Date("2030-01-07T09:30:00Z"));
    expect(sent).toHaveLength(2);
    // Same channel again at once (next day's announcement): limited, then retried.
    const next = await runWebcareReminders(deps, new Date("2030-01-08T09:30:00Z"));
    expect(next).toHaveLength(2);
    expect(h.fake.messagesIn("C_GENERAL")).toHaveLength(2);
    expect(h.fake.dmsTo("U_ALICE")).toHaveLength(1);
    expect(h.fake.dmsTo("U_BOB")).toHaveLength(1);
  });
});

describe("5xx and timeouts", () => {
  it("a 500 before Slack did anything, on a call safe to repeat, is retried", async () => {
    await seedRotation(h.database.db);
    h.fake.failNext("conversations.open", { status: 500, times: 2 });
    const sent = await runWebcareReminders(deps, new Date("2030-01-07T09:30:00Z"));
    expect(sent.join("\n")).toMatch(/webcare reminder sent to U_ALICE/);
    expect(h.fake.dmsTo("U_ALICE")).toHaveLength(1);
    expect(h.fake.callsTo("conversations.open")).toHaveLength(3);
  });

  it("App Home: views.publish answering 503 twice is retried and published once", async () => {
    h.fake.failNext("views.publish", { status: 503, times: 2 });
    const event = { type: "app_home_opened", user: "U_DAVE", channel: "D_DAVE", tab: "home" };
    const response = await h.slack.event(event, { eventId: "EvFlaky" });
    expect(response.status).toBe(200);
    expect(h.fake.homeView("U_DAVE")).toBeDefined();
    expect(h.fake.callsTo("views.publish").filter((c) => c.response.ok)).toHaveLength(1);
  });

  it("a timeout on a call safe to repeat (conversations.open) is retried; the DM goes once", async () => {
    await seedRotation(h.database.db);
    h.fake.failNext("conversations.open", { delayMs: 700 });
    const sent = await runWebcareReminders(depsWithTimeout(300), new Date("2030-01-07T09:30Z"));
    expect(sent.join("\n")).toMatch(/webcare reminder sent to U_ALICE/);
    expect(h.fake.dmsTo("U_ALICE")).toHaveLength(1);
  });

  it("a DM post that timed out is not repeated: at most once, reported, not retried later", async () => {
    await seedRotation(h.database.db);
    h.fake.failNext("chat.postMessage", { delayMs: 700 });
    const at = new Date("2030-01-07T09:30:00Z");
    await expect(runWebcareReminders(depsWithTimeout(300), at)).rejects.toThrow(
      /may have performed it/,
    );
    await new Promise((resolve) => setTimeout(resolve, 600)); // the slow post lands
    expect(h.fake.dmsTo("U_ALICE")).toHaveLength(1);
    const row = await h.database.db.jobRun.findFirstOrThrow({
      where: { job: "webcare-reminder" },
    });
    expect(row.status).toBe("unknown");
    // A later run (the next tick) does not send it again.
    await runWebcareReminders(deps, new Date("2030-01-07T10:30:00Z"));
    expect(h.fake.dmsTo("U_ALICE")).toHaveLength(1);
  });

  it("Slack accepted the post but answered 500 (applyThenFail): not posted twice", async () => {
    const [channel] = await seedDigestChannels(h.database.db, h.fake, 1);
    h.fake.failNext("chat.postMessage", { status: 500, applyThenFail: true });
    await expect(weeklyDigestJob.run(deps, DIGEST_AT)).rejects.toThrow(/may have been posted/);
    expect(h.fake.messagesIn(channel!)).toHaveLength(1);
    expect(await weeklyDigestJob.run(deps, DIGEST_AT)).toEqual([]);
    expect(h.fake.messagesIn(channel!)).toHaveLength(1);
    const row = await h.database.db.jobRun.findFirstOrThrow({ where: { job: "weekly-digest" } });
    expect(row.status).toBe("unknown");
  });

  it("an error answer (ok:false) after a post was applied is not repeated either", async () => {
    const [channel] = await seedDigestChannels(h.database.db, h.fake, 1);
    h.fake.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    h.fake.failNext("chat.postMessage", { status: 502 });
    await expect(weeklyDigestJob.run(deps, DIGEST_AT)).rejects.toThrow(/may have been posted/);
    // The 429 was retried; the 502 (outcome unknown) was not.
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2);
    expect(h.fake.messagesIn(channel!).length).toBeLessThanOrEqual(1);
  });
});
