import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../support/harness.ts";
import { weeklyDigestJob } from "../../../src/features/metrics/digest-job.ts";
import { digestFor } from "../../../src/features/metrics/digest-week.ts";
import { PLATFORMS } from "../../../src/features/proposals/validation.ts";
import { validateMessageBlocks } from "../../../src/sandbox/index.ts";
import {
  ALICE,
  BOB,
  command,
  digestLine,
  digestRow,
  headerOf,
  logFigures,
  withManager,
} from "./helpers.ts";

// The team is in Europe/Amsterdam (Alice's timezone, the first user). The
// digest goes out on Mondays at 09:00 there: 08:00 UTC in November.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ now: "2026-11-16T10:00:00Z" });
  await withManager(h);
});
afterEach(async () => {
  await h.close();
});

const run = (at: string) => weeklyDigestJob.run(h.app.built.deps, new Date(at));
const posted = (channel: string) => h.fake.messagesIn(channel);

async function subscribe(channel: string): Promise<void> {
  expect(await command(h, ALICE, "/metrics", `subscribe <#${channel}>`)).toMatch(/will be posted/);
}

describe("the weekly digest job", () => {
  it("posts once per subscribed channel, however often it runs", async () => {
    await subscribe("C_GENERAL");
    await subscribe("C_SOCIAL");
    h.clock.set("2026-11-23T07:00:00Z");
    await logFigures(h, ALICE, "linkedin", "2026-11-16", { reach: "500" });

    expect(await run("2026-11-23T07:59:00Z")).toEqual([]); // 08:59 in Amsterdam: not yet
    const lines = await run("2026-11-23T08:00:00Z");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("week of 2026-11-16");
    expect(await run("2026-11-23T08:05:00Z")).toEqual([]);
    expect(await run("2026-11-29T22:00:00Z")).toEqual([]); // still the same week: caught up already
    expect(posted("C_GENERAL")).toHaveLength(1);
    expect(posted("C_SOCIAL")).toHaveLength(1);
    expect(headerOf(posted("C_GENERAL")[0]?.blocks)).toBe("Weekly digest · 16–22 Nov 2026");
    const runs = await h.database.db.jobRun.findMany({ orderBy: { scope: "asc" } });
    expect(runs.map((r) => [r.job, r.scope, r.period, r.status])).toEqual([
      ["weekly-digest", `${h.fake.teamId}/C_GENERAL`, "2026-11-16", "sent"],
      ["weekly-digest", `${h.fake.teamId}/C_SOCIAL`, "2026-11-16", "sent"],
    ]);
  });

  it("two replicas running at the same moment post each channel's digest once", async () => {
    await subscribe("C_GENERAL");
    await subscribe("C_SOCIAL");
    const replica = await h.startReplica();
    const at = new Date("2026-11-23T08:30:00Z");
    const [a, b] = await Promise.all([
      weeklyDigestJob.run(h.app.built.deps, at),
      weeklyDigestJob.run(replica.app.built.deps, at),
    ]);
    expect(a.length + b.length).toBe(2);
    expect(posted("C_GENERAL")).toHaveLength(1);
    expect(posted("C_SOCIAL")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("a channel subscribed after this week's digest time gets its first digest next week", async () => {
    await subscribe("C_GENERAL");
    h.clock.set("2026-11-23T10:00:00Z");
    await subscribe("C_SOCIAL");
    const lines = await run("2026-11-23T10:05:00Z");
    expect(lines).toHaveLength(1);
    expect(posted("C_GENERAL")).toHaveLength(1);
    expect(posted("C_SOCIAL")).toHaveLength(0);

    await run("2026-11-30T08:00:00Z");
    expect(posted("C_SOCIAL")).toHaveLength(1);
    expect(headerOf(posted("C_SOCIAL")[0]?.blocks)).toBe("Weekly digest · 23–29 Nov 2026");
    expect(posted("C_GENERAL")).toHaveLength(2);
  });

  it("a rate-limited post is given back and sent by the next run, once", async () => {
    await subscribe("C_GENERAL");
    h.fake.failNext("chat.postMessage", { error: "ratelimited" });
    await expect(run("2026-11-23T08:00:00Z")).rejects.toThrow(/C_GENERAL: ratelimited/);
    expect(posted("C_GENERAL")).toHaveLength(0);

    expect(await run("2026-11-23T08:01:00Z")).toHaveLength(1);
    expect(await run("2026-11-23T08:02:00Z")).toHaveLength(0);
    expect(posted("C_GENERAL")).toHaveLength(1);
    expect((await h.database.db.jobRun.findFirstOrThrow()).status).toBe("sent");
  });

  it("not in a public channel any more: joins it and posts", async () => {
    await subscribe("C_SOCIAL");
    // Someone removed Greenlight from the channel after it subscribed.
    const social = h.fake.channel("C_SOCIAL");
    social!.members = social!.members.filter((member) => member !== "U_GREENLIGHT");
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(1);
    expect(h.fake.callsTo("conversations.join").at(-1)?.args.channel).toBe("C_SOCIAL");
    expect(posted("C_SOCIAL")).toHaveLength(1);
  });

  it("a channel Slack refuses for good is not retried, and each manager is told once what to fix", async () => {
    await subscribe("C_GENERAL");
    h.fake.failNext("chat.postMessage", { error: "is_archived" });
    await expect(run("2026-11-23T08:00:00Z")).rejects.toThrow(/C_GENERAL: is_archived/);
    for (const minute of ["01", "02", "30"]) await run(`2026-11-23T08:${minute}:00Z`);
    expect(posted("C_GENERAL")).toHaveLength(0);
    expect(
      h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C_GENERAL"),
    ).toHaveLength(1);
    const notices = h.fake.dmsTo(ALICE).filter((m) => String(m.text).includes("is_archived"));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain("unarchive");
    expect((await h.database.db.jobRun.findFirstOrThrow()).status).toBe("failed");
  });

  it("Slack may have posted it (internal_error): never posted again", async () => {
    await subscribe("C_GENERAL");
    h.fake.failNext("chat.postMessage", { error: "internal_error", applyThenFail: true });
    await expect(run("2026-11-23T08:00:00Z")).rejects.toThrow(/may have been posted/);
    await run("2026-11-23T08:01:00Z");
    expect(posted("C_GENERAL")).toHaveLength(1);
    expect((await h.database.db.jobRun.findFirstOrThrow()).status).toBe("unknown");
  });

  it("one team's failure does not stop the teams after it", async () => {
    await subscribe("C_GENERAL");
    // A team handled first whose settings cannot be read (a timezone no longer known).
    await h.database.db.team.create({ data: { id: "T0AAA", timezone: "Mars/Olympus_Mons" } });
    await h.database.db.digestSubscription.create({
      data: {
        teamId: "T0AAA",
        channelId: "C_GENERAL",
        createdBy: ALICE,
        subscribedAt: new Date(0),
      },
    });
    await expect(run("2026-11-23T08:00:00Z")).rejects.toThrow(/T0AAA/);
    expect(posted("C_GENERAL")).toHaveLength(1);
  });

  it("a week with no figures is still posted: workflow, webcare and no data", async () => {
    await subscribe("C_GENERAL");
    await run("2026-11-23T08:00:00Z");
    const [message] = posted("C_GENERAL");
    expect(message?.text).toBe(
      "Weekly digest 16–22 Nov 2026: No platform figures logged this week; 0 proposed, 0 approved, 0 rejected, 0 still pending; webcare closed all week; no platform figures.",
    );
    expect(digestLine(message?.blocks, "*Workflow*")).toContain("0 proposed");
    expect(digestLine(message?.blocks, "*Workflow*")).toContain("median time to decision no data");
    expect(digestLine(message?.blocks, "*Webcare*")).toContain("median first response no data");
    // Nothing to draw: no chart, no upload.
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect(message?.blocks?.some((b) => (b as { type: string }).type === "image")).toBe(false);
    expect(JSON.stringify(message?.blocks)).toContain("No platform figures were logged");
    expect(JSON.stringify(message?.blocks)).not.toMatch(/NaN|Infinity/);
  });

  it("a digest with all nine platforms and webcare passes Slack's Block Kit checks", async () => {
    await subscribe("C_GENERAL");
    h.clock.set("2026-11-23T07:00:00Z");
    for (const [i, platform] of PLATFORMS.entries()) {
      const response = await logFigures(h, ALICE, platform.id, "2026-11-16", {
        reach: String(1000 * (i + 1)),
        impressions: String(2000 * (i + 1)),
        engagements: String(100 * (i + 1)),
        clicks: String(50 * (i + 1)),
        conversions: String(5 * (i + 1)),
        followersGained: String(i),
      });
      expect(response.viewError ?? null).toBeNull();
    }
    await logFigures(h, ALICE, "webcare", "2026-11-16", {
      responseMinutes: "35",
      satisfaction: "4.4",
    });
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(1);
    const [message] = posted("C_GENERAL");
    expect(validateMessageBlocks(message?.blocks)).toBeNull();
    expect(message?.blocks?.length).toBeLessThanOrEqual(50);
    for (const platform of PLATFORMS) {
      expect(digestRow(message?.blocks, platform.label).Reach).toMatch(/ new$/);
    }
    expect(digestRow(message?.blocks, "Mastodon").CTR).toBe("2.5% new");
    expect(digestLine(message?.blocks, "*Webcare*")).toContain("median first response 35 min");
    expect(digestLine(message?.blocks, "*Webcare*")).toContain("satisfaction 4.4 / 5 new");
  });

  it("a month of figures logged through the modal gives four digests that read right", async () => {
    const db = h.database.db;
    const teamId = h.fake.teamId;
    h.clock.set("2026-10-26T10:00:00Z");
    await subscribe("C_GENERAL");
    await command(h, ALICE, "/role", `assign <@${BOB}> analyst`);

    // Webcare from Wednesday 4 November: Alice, then Bob, then Alice…
    await db.webcareRotation.create({
      data: { teamId, startDate: "2026-11-04", members: `${ALICE},${BOB}`, setBy: ALICE },
    });
    // Week of 2 November: three proposals; one self-approved after 2 h, one
    // rejected after 4 h, one still pending until 17 November.
    const proposal = (day: string, status: string) =>
      db.proposal.create({
        data: {
          teamId,
          proposerId: ALICE,
          text: "Post",
          platforms: "linkedin",
          publishAt: new Date("2026-12-01T10:00:00Z"),
          goal: "awareness",
          contentType: "text",
          status,
          firstProposedAt: new Date(`${day}T10:00:00Z`),
          submittedAt: new Date(`${day}T10:00:00Z`),
        },
      });
    const approved = await proposal("2026-11-04", "approved");
    const rejected = await proposal("2026-11-05", "rejected");
    const pending = await proposal("2026-11-06", "pending");
    const decide = (id: number, outcome: string, from: string, at: string, self = false) =>
      db.decision.create({
        data: {
          proposalId: id,
          round: 1,
          outcome,
          deciderId: ALICE,
          selfApproved: self,
          submittedAt: new Date(from),
          decidedAt: new Date(at),
        },
      });
    await decide(approved.id, "approved", "2026-11-04T10:00:00Z", "2026-11-04T12:00:00Z", true);
    await decide(rejected.id, "rejected", "2026-11-05T10:00:00Z", "2026-11-05T14:00:00Z");

    const weeks = [
      {
        week: "2026-10-26",
        digestAt: "2026-11-02",
        linkedin: "1000",
        x: undefined,
        response: "60",
      },
      { week: "2026-11-02", digestAt: "2026-11-09", linkedin: "1200", x: "300", response: "45" },
      { week: "2026-11-09", digestAt: "2026-11-16", linkedin: "900", x: undefined, response: "45" },
      { week: "2026-11-16", digestAt: "2026-11-23", linkedin: "900", x: undefined, response: "90" },
    ];
    for (const step of weeks) {
      // Monday 08:00 in Amsterdam: Bob logs last week's figures, on Wednesday's date.
      h.clock.set(`${step.digestAt}T07:00:00Z`);
      if (step.digestAt === "2026-11-23") {
        await db.proposal.update({ where: { id: pending.id }, data: { status: "approved" } });
        await decide(pending.id, "approved", "2026-11-06T10:00:00Z", "2026-11-17T10:00:00Z");
      }
      const wednesday = step.week.replace(
        /-(\d\d)$/,
        (_m, d: string) => `-${String(Number(d) + 2).padStart(2, "0")}`,
      );
      const figures = {
        reach: step.linkedin,
        impressions: "10000",
        engagements: "400",
        clicks: "100",
      };
      expect(
        (await logFigures(h, BOB, "linkedin", wednesday, figures)).viewError ?? null,
      ).toBeNull();
      if (step.x) await logFigures(h, BOB, "x", wednesday, { reach: step.x });
      await logFigures(h, BOB, "webcare", wednesday, { responseMinutes: step.response });
      expect(await run(`${step.digestAt}T08:00:00Z`)).toHaveLength(1);
    }

    const digests = posted("C_GENERAL");
    expect(digests).toHaveLength(4);
    const [first, second, third, fourth] = digests.map((message) => message.blocks);
    expect(digests.map((message) => headerOf(message.blocks))).toEqual([
      "Weekly digest · 26 Oct – 1 Nov 2026",
      "Weekly digest · 2–8 Nov 2026",
      "Weekly digest · 9–15 Nov 2026",
      "Weekly digest · 16–22 Nov 2026",
    ]);

    // Week 1: everything is new; no rotation yet, so webcare was closed (not "uncovered").
    expect(digestRow(first, "LinkedIn").Reach).toBe("1,000 new");
    expect(digestRow(first, "LinkedIn")["Eng. rate"]).toBe("4.0% new");
    expect(digestLine(first, "*Webcare*")).toContain(
      "days covered none, no rotation served this week",
    );
    expect(digestLine(first, "*Webcare*")).toContain("median first response 1 h ·");
    expect(digestLine(first, "*Workflow*")).toContain(" 0 proposed");

    // Week 2: reach up 20%, X appears, the workflow counts, webcare from Wednesday
    // (the days before the rotation existed were closed, not uncovered).
    expect(digestRow(second, "LinkedIn").Reach).toBe("1,200 ▲ 20.0%");
    expect(digestRow(second, "LinkedIn").CTR).toBe("1.0% =");
    expect(digestRow(second, "X").Reach).toBe("300 new");
    expect(digestLine(second, "*Workflow*")).toContain(" 3 proposed");
    expect(digestLine(second, "*Workflow*")).toContain("1 approved (1 self-approved)");
    expect(digestLine(second, "*Workflow*")).toContain("1 rejected");
    expect(digestLine(second, "*Workflow*")).toContain("median time to decision 3 h");
    expect(digestLine(second, "*Workflow*")).toContain("1 still pending");
    expect(digestLine(second, "*Webcare*")).toContain(
      "days covered 5 of 5 (closed Monday and Tuesday)",
    );
    expect(digestLine(second, "*Webcare*")).toContain(
      "median first response 45 min (▼ 25.0%, faster)",
    );
    // The headline: the biggest rise.
    expect(JSON.stringify(second)).toContain("▲ LinkedIn reach +20%");

    // Week 3: reach down 25%, X logged nothing (no data), the proposal still waits.
    expect(digestRow(third, "LinkedIn").Reach).toBe("900 ▼ 25.0%");
    expect(digestRow(third, "X").Reach).toBe("no data");
    expect(digestLine(third, "*Workflow*")).toContain(" 0 proposed");
    expect(digestLine(third, "*Workflow*")).toContain("1 still pending");
    expect(digestLine(third, "*Webcare*")).toContain("days covered 7 of 7 ·");
    expect(digestLine(third, "*Webcare*")).toContain("median first response 45 min ·");

    // Week 4: flat reach, X gone from the digest, the late approval, slower webcare.
    expect(digestRow(fourth, "LinkedIn").Reach).toBe("900 =");
    expect(() => digestRow(fourth, "X")).toThrow(/no row X/);
    expect(digestLine(fourth, "*Workflow*")).toContain(" 1 approved ·");
    expect(digestLine(fourth, "*Workflow*")).toContain("median time to decision 11 d");
    expect(digestLine(fourth, "*Workflow*")).toContain("0 still pending");
    expect(digestLine(fourth, "*Webcare*")).toContain(
      "median first response 1 h 30 min (▲ 100.0%, slower)",
    );

    // Read again after the late approval, week 3 still counts the proposal as pending then.
    const team = { id: teamId, timezone: "Europe/Amsterdam" };
    expect((await digestFor(db, team, "2026-11-09")).model.workflow.stillPending).toBe(1);
    expect((await digestFor(db, team, "2026-11-16")).model.workflow.stillPending).toBe(0);
  });
});

describe("/metrics digest", () => {
  it("shows the week just ended to the caller only", async () => {
    await subscribe("C_GENERAL");
    h.clock.set("2026-11-23T07:00:00Z"); // before the digest time: the caller still sees last week
    await logFigures(h, ALICE, "instagram", "2026-11-18", { reach: "4200", impressions: "8000" });
    await h.slack.command(BOB, "/metrics", "digest");
    const reply = h.fake.ephemeralsTo(BOB).at(-1);
    expect(headerOf(reply?.blocks)).toBe("Weekly digest · 16–22 Nov 2026");
    expect(digestRow(reply?.blocks, "Instagram").Reach).toBe("4,200 new");
    expect(reply?.text).toContain("figures for 1 platform");
    expect(posted("C_GENERAL")).toHaveLength(0);
    expect(await h.database.db.jobRun.count()).toBe(0);
  });
});

describe("the digest's chart", () => {
  async function twoChannelsWithFigures(): Promise<void> {
    await subscribe("C_GENERAL");
    await subscribe("C_SOCIAL");
    h.clock.set("2026-11-23T07:00:00Z");
    await logFigures(h, ALICE, "linkedin", "2026-11-16", {
      reach: "1200",
      impressions: "4000",
      engagements: "160",
    });
    await logFigures(h, ALICE, "x", "2026-11-09", { reach: "300" });
  }

  it("is drawn and uploaded once, and shown in every channel's digest with alt text", async () => {
    await twoChannelsWithFigures();
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    const files = h.fake.allFiles();
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file?.filetype).toBe("png");
    expect(file?.completed).toBe(true);
    // The app's own file: shared nowhere, shown by the image blocks.
    expect(file?.channels).toEqual([]);
    for (const channel of ["C_GENERAL", "C_SOCIAL"]) {
      const [message] = posted(channel);
      const image = message?.blocks?.find((b) => (b as { type: string }).type === "image") as
        { slack_file: { id: string }; alt_text: string } | undefined;
      expect(image?.slack_file).toEqual({ id: file?.id });
      expect(image?.alt_text).toBe(
        "Engagement rate, weeks of 28 Sep to 16 Nov: X no data, no data, no data, no data, no data, no data, no data, no data; " +
          "LinkedIn no data, no data, no data, no data, no data, no data, no data, 4.0%. " +
          "Reach, weeks of 28 Sep to 16 Nov: X no data, no data, no data, no data, no data, no data, 300, no data; " +
          "LinkedIn no data, no data, no data, no data, no data, no data, no data, 1,200.",
      );
    }
  });

  it("is prepared on the tick before the due minute, and that upload is the one shown", async () => {
    await twoChannelsWithFigures();
    // Twenty minutes before: no digest is near, nothing is drawn or uploaded.
    expect(await run("2026-11-23T07:40:00Z")).toEqual([]);
    expect(h.fake.allFiles()).toHaveLength(0);
    // The tick before: the chart is drawn and uploaded, nothing is posted.
    expect(await run("2026-11-23T07:59:00Z")).toEqual([]);
    expect(posted("C_GENERAL")).toHaveLength(0);
    const [prepared] = h.fake.allFiles();
    expect(prepared?.completed).toBe(true);
    expect(prepared?.channels).toEqual([]);
    // The due tick posts with that file: no second upload.
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    expect(h.fake.allFiles()).toHaveLength(1);
    for (const channel of ["C_GENERAL", "C_SOCIAL"]) {
      expect(JSON.stringify(posted(channel)[0]?.blocks)).toContain(`"id":"${prepared?.id}"`);
    }
  });

  it("is prepared within the quarter hour before, once: the later ticks before pass over it", async () => {
    await twoChannelsWithFigures();
    // Fourteen minutes before (many teams due at one minute are drawn over these ticks).
    expect(await run("2026-11-23T07:46:00Z")).toEqual([]);
    const [prepared] = h.fake.allFiles();
    expect(prepared?.completed).toBe(true);
    for (const minute of ["50", "58", "59"]) {
      expect(await run(`2026-11-23T07:${minute}:00Z`)).toEqual([]);
    }
    expect(h.fake.allFiles()).toHaveLength(1);
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    expect(h.fake.allFiles()).toHaveLength(1);
    expect(JSON.stringify(posted("C_SOCIAL")[0]?.blocks)).toContain(`"id":"${prepared?.id}"`);
  });

  it("figures logged after the chart was prepared: the due tick draws it again", async () => {
    await twoChannelsWithFigures();
    expect(await run("2026-11-23T07:59:00Z")).toEqual([]);
    const [stale] = h.fake.allFiles();
    await logFigures(h, ALICE, "x", "2026-11-16", { reach: "450" });
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    const files = h.fake.allFiles();
    expect(files).toHaveLength(2);
    const fresh = files.find((file) => file.id !== stale?.id);
    for (const channel of ["C_GENERAL", "C_SOCIAL"]) {
      const blocks = JSON.stringify(posted(channel)[0]?.blocks);
      expect(blocks).toContain(`"id":"${fresh?.id}"`);
      expect(blocks).toContain("X no data, no data, no data, no data, no data, no data, 300, 450");
    }
  });

  it("a chart whose upload failed on the tick before is uploaded again when the digest is due", async () => {
    await twoChannelsWithFigures();
    h.fake.failNext("files.completeUploadExternal", { error: "internal_error" });
    expect(await run("2026-11-23T07:59:00Z")).toEqual([]);
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    const completed = h.fake.allFiles().filter((file) => file.completed);
    expect(completed).toHaveLength(1);
    for (const channel of ["C_GENERAL", "C_SOCIAL"]) {
      expect(posted(channel)).toHaveLength(1);
      expect(JSON.stringify(posted(channel)[0]?.blocks)).toContain(`"id":"${completed[0]?.id}"`);
    }
  });

  it("a failed upload never blocks or duplicates the digest: it goes out without the chart", async () => {
    await twoChannelsWithFigures();
    h.fake.failNext("files.completeUploadExternal", { error: "internal_error" });
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    for (const channel of ["C_GENERAL", "C_SOCIAL"]) {
      expect(posted(channel)).toHaveLength(1);
      expect(JSON.stringify(posted(channel)[0]?.blocks)).not.toContain('"image"');
    }
    expect(await run("2026-11-23T08:05:00Z")).toEqual([]);
    const toChannels = h.fake
      .callsTo("chat.postMessage")
      .filter((call) => String(call.args.channel).startsWith("C"));
    expect(toChannels).toHaveLength(2);
  });

  it("an image Slack refuses is left out and the digest posted once without it", async () => {
    await twoChannelsWithFigures();
    h.fake.failNext("chat.postMessage", { error: "invalid_blocks" });
    expect(await run("2026-11-23T08:00:00Z")).toHaveLength(2);
    const withImage = ["C_GENERAL", "C_SOCIAL"].filter((channel) =>
      JSON.stringify(posted(channel)[0]?.blocks).includes('"image"'),
    );
    expect(withImage).toHaveLength(1);
    expect(posted("C_GENERAL")).toHaveLength(1);
    expect(posted("C_SOCIAL")).toHaveLength(1);
  });
});
