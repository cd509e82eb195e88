import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { approvalRemindersJob } from "../../../src/features/proposals/reminders.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, ALICE, BOB, CAROL, DAVE, driver, HOUR } from "./helpers.ts";

// The harness clock starts on Monday 2026-11-23 at 10:00 UTC; the team's
// timezone is Alice's (the first person to use the app): Europe/Amsterdam.
let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

const runReminders = (at: string) => {
  h.clock.set(at);
  return approvalRemindersJob.run(h.app.built.deps, h.clock.now());
};

describe("expiry", () => {
  it("a pending proposal past its publish time expires on the next click; the proposer can resubmit with a new time", async () => {
    await d.team();
    const proposal = await d.propose(CAROL, { publishAt: d.inHours(2) });
    const request = d.request(BOB, proposal.id);
    h.clock.advance(3 * HOUR);

    await d.click(BOB, request, ACTION.approve);
    expect(d.lastPrivate(BOB)).toMatch(
      /^Too late: proposal #\d+ \(“Our spring collection is live!”\) expired/,
    );
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "expired",
    );
    expect(await d.db.decision.findFirst()).toMatchObject({
      outcome: "expired",
      deciderId: "system",
    });
    expect(JSON.stringify(d.current(request).blocks)).toContain("*Expired*");
    expect(d.hasButton(d.current(request), ACTION.approve)).toBe(false);
    expect(await d.db.auditEntry.count({ where: { action: "proposal.expired" } })).toBe(1);

    const notice = d.dmsContaining(CAROL, "so it expired")[0];
    expect(notice).toBeDefined();
    await d.click(CAROL, notice!, ACTION.resubmit);
    const modal = h.fake.lastView(CAROL)!;
    const response = await h.slack.submitView(CAROL, modal, d.values({ publishAt: d.inHours(24) }));
    expect(response.json).toMatchObject({ response_action: "update" });
    expect(await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      status: "pending",
      round: 2,
    });
    expect(d.request(BOB, proposal.id).ts).not.toBe(request.ts);
  });

  it("the scheduled job expires overdue proposals even when nobody clicks", async () => {
    await d.team();
    const proposal = await d.propose(CAROL, { publishAt: d.inHours(5) });
    await runReminders("2026-11-23T16:00:00Z");
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "expired",
    );
    expect(d.dmsContaining(CAROL, "so it expired")).toHaveLength(1);
    // A second run does not tell anyone again.
    await runReminders("2026-11-23T17:00:00Z");
    expect(d.dmsContaining(CAROL, "so it expired")).toHaveLength(1);
  });
});

describe("approval reminders", () => {
  it("once a day at 09:00 (no webcare rotation), proposals waiting more than 24 hours", async () => {
    await d.team();
    const old = await d.propose(CAROL, { publishAt: d.inHours(96) });
    h.clock.set("2026-11-24T12:00:00Z");
    await d.propose(DAVE, { text: "Fresh one", publishAt: d.inHours(96) });

    // Wednesday 08:30 in Amsterdam: not yet.
    expect(await runReminders("2026-11-25T07:30:00Z")).toEqual([]);
    // 09:05: the old one (47 h) is reminded, the fresh one (20 h) is not.
    const lines = await runReminders("2026-11-25T08:05:00Z");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/reminded <@U_BOB> of 1 proposal/);
    const reminders = d.dmsContaining(BOB, "waited more than a day");
    expect(reminders).toHaveLength(1);
    const shown = JSON.stringify(reminders[0]!.blocks);
    expect(shown).toContain(`#${old.id}`);
    expect(shown).not.toContain("Fresh one");

    // Later the same day, a restart or a second replica: nothing more.
    expect(await runReminders("2026-11-25T15:00:00Z")).toEqual([]);
    const replica = await h.startReplica();
    expect(await approvalRemindersJob.run(replica.app.built.deps, h.clock.now())).toEqual([]);
    expect(d.dmsContaining(BOB, "waited more than a day")).toHaveLength(1);
    expect(await d.db.jobRun.count({ where: { job: "approval-reminders" } })).toBe(1);

    // The next day both have waited long enough.
    expect(await runReminders("2026-11-26T08:30:00Z")).toEqual([
      expect.stringMatching(/of 2 proposals/),
    ]);
  });

  it("follows the team's webcare hand-over time", async () => {
    await d.team();
    await d.propose(CAROL, { publishAt: d.inHours(96) });
    await d.db.webcareRotation.create({
      data: {
        teamId: h.fake.teamId,
        startDate: "2026-11-23",
        members: `${ALICE},${DAVE}`,
        handoverTime: "11:30",
        setBy: ALICE,
      },
    });
    expect(await runReminders("2026-11-24T10:05:00Z")).toEqual([]); // 11:05 local
    expect(await runReminders("2026-11-24T10:35:00Z")).toHaveLength(1); // 11:35 local
  });

  it("a reminder Slack refuses is recorded as failed, reported, and not sent twice", async () => {
    await d.team();
    await d.propose(CAROL, { publishAt: d.inHours(96) });
    h.fake.failNext("chat.postMessage", { error: "channel_not_found" });
    await expect(runReminders("2026-11-25T08:05:00Z")).rejects.toThrow(
      /approval-reminders failed for T0GREEN: .*channel_not_found/,
    );
    expect(await d.db.jobRun.findFirst({ where: { job: "approval-reminders" } })).toMatchObject({
      status: "failed",
    });
    expect(await runReminders("2026-11-25T08:10:00Z")).toEqual([]);
    expect(d.dmsContaining(BOB, "waited more than a day")).toHaveLength(0);
  });

  it("decided proposals are not reminded", async () => {
    await d.team();
    const proposal = await d.propose(CAROL, { publishAt: d.inHours(96) });
    await d.click(BOB, d.request(BOB, proposal.id), ACTION.approve);
    expect(await runReminders("2026-11-25T08:05:00Z")).toEqual([]);
    expect(d.dmsContaining(BOB, "waited more than a day")).toHaveLength(0);
  });
});

describe("/calendar", () => {
  it("lists approved and pending posts of the next 7 days by day, privately", async () => {
    await d.team();
    const approved = await d.propose(CAROL, { text: "Approved post", publishAt: d.inHours(26) });
    await d.click(BOB, d.request(BOB, approved.id), ACTION.approve);
    await d.propose(CAROL, { text: "Pending post", publishAt: d.inHours(50) });
    const rejected = await d.propose(CAROL, { text: "Rejected post", publishAt: d.inHours(27) });
    await d.decideWithReason(BOB, d.request(BOB, rejected.id), ACTION.reject, "No");
    await d.propose(CAROL, { text: "Far away post", publishAt: d.inHours(24 * 10) });

    await h.slack.command(DAVE, "/calendar", "");
    const reply = h.fake.ephemeralsTo(DAVE).at(-1)!;
    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain("Tuesday 24 November");
    expect(shown).toContain("Approved post");
    expect(shown).toContain("Wednesday 25 November");
    expect(shown).toContain("Pending post");
    expect(shown).not.toContain("Rejected post");
    expect(shown).not.toContain("Far away post");
    expect(shown.indexOf("Approved post")).toBeLessThan(shown.indexOf("Pending post"));

    await h.slack.command(DAVE, "/calendar", "month");
    expect(JSON.stringify(h.fake.ephemeralsTo(DAVE).at(-1)!.blocks)).toContain("Far away post");
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === DAVE)).toHaveLength(
      0,
    );
  });

  it("stays within Slack's limits however many posts there are", async () => {
    await d.team();
    const teamId = h.fake.teamId;
    const now = h.clock.now();
    // 30 days × 40 posts, every one with a long text that grows when escaped.
    await d.db.proposal.createMany({
      data: Array.from({ length: 30 * 40 }, (_, i) => ({
        teamId,
        proposerId: CAROL,
        text: `Post ${i} ${"&<>".repeat(500)}`,
        platforms: "linkedin",
        publishAt: new Date(now.getTime() + HOUR + i * 36 * 60 * 1000),
        goal: "awareness",
        contentType: "text",
        status: i % 3 === 0 ? "approved" : "pending",
      })),
    });
    const response = await h.slack.command(DAVE, "/calendar", "month");
    expect(response.status).toBe(200);
    const reply = h.fake.ephemeralsTo(DAVE).at(-1)!;
    const blocks = reply.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(blocks)).toMatch(/\+\d+ more on this day/);
    expect(reply.text).toContain("posts planned in the next 30 days");
  });

  it("shows exactly [now, local midnight 7 or 30 days on), this team only, after expiring what is overdue", async () => {
    await d.team();
    const teamId = h.fake.teamId;
    const now = h.clock.now(); // Monday 11:00 in Amsterdam
    const post = (
      text: string,
      publishAt: string | Date,
      more: { teamId?: string; status?: string } = {},
    ) => ({
      teamId: more.teamId ?? teamId,
      proposerId: CAROL,
      text,
      platforms: "linkedin,x",
      publishAt: new Date(publishAt),
      goal: "awareness",
      contentType: "text",
      status: more.status ?? "approved",
    });
    await d.db.proposal.createMany({
      data: [
        post("Overdue post", new Date(now.getTime() - 60_000), { status: "pending" }),
        post("Right now post", now),
        post("Last week minute", "2026-11-29T22:59:59.999Z", { status: "pending" }),
        post("Next Monday midnight", "2026-11-29T23:00:00Z"),
        post("Last month minute", "2026-12-22T22:59:59.999Z"),
        post("Month end midnight", "2026-12-22T23:00:00Z"),
        post("Withdrawn post", "2026-11-25T10:00:00Z", { status: "withdrawn" }),
        post("Other team post", "2026-11-24T10:00:00Z", { teamId: "T_OTHER" }),
      ],
    });
    const shown = async (text: string) => {
      await h.slack.command(DAVE, "/calendar", text);
      return JSON.stringify(h.fake.ephemeralsTo(DAVE).at(-1));
    };
    const week = await shown("week");
    expect(week).toContain("Right now post");
    expect(week).toContain("Last week minute");
    for (const hidden of [
      "Overdue post",
      "Next Monday midnight",
      "Withdrawn post",
      "Other team post",
    ])
      expect(week).not.toContain(hidden);
    expect(week).toContain("2 posts planned in the next 7 days");
    // The overdue proposal expired on the way (its proposer told), as the per-minute job would.
    const overdue = await d.db.proposal.findFirstOrThrow({ where: { text: "Overdue post" } });
    expect(overdue.status).toBe("expired");
    expect(d.dmsContaining(CAROL, "so it expired")).toHaveLength(1);

    const month = await shown("month");
    expect(month).toContain("Next Monday midnight");
    expect(month).toContain("Last month minute");
    expect(month).not.toContain("Month end midnight");
    expect(month).not.toContain("Other team post");
    expect(month).toContain("4 posts planned in the next 30 days");
    expect(d.dmsContaining(CAROL, "so it expired")).toHaveLength(1);
  });

  // /calendar reads only the start of each text (CALENDAR_TEXT_START, 200
  // characters): each line must still show exactly the whole text's excerpt.
  const calendarPosts = async (texts: string[]) => {
    const teamId = h.fake.teamId;
    const now = h.clock.now();
    const created = await d.db.proposal.createManyAndReturn({
      data: texts.map((text, i) => ({
        teamId,
        proposerId: CAROL,
        text,
        platforms: "linkedin",
        publishAt: new Date(now.getTime() + (i + 2) * HOUR),
        goal: "awareness",
        contentType: "text",
        status: "approved",
      })),
      select: { id: true },
    });
    await h.slack.command(DAVE, "/calendar", "month");
    const reply = h.fake.ephemeralsTo(DAVE).at(-1)!;
    const lines = (reply.blocks as Array<{ text?: { text: string } }>)
      .flatMap((block) => block.text?.text.split("\n") ?? [])
      .filter((line) => line.startsWith("• "));
    return created.map(({ id }) => {
      const line = lines.find((l) => l.endsWith(`(#${id})`));
      if (!line) throw new Error(`no line for #${id}`);
      return line;
    });
  };
  const quoted = (line: string) => /“([^”]*)”/.exec(line)?.[1];

  it("shows a 3,000-character post's line as its whole text would", async () => {
    await d.team();
    let text =
      "Our autumn collection 🍂 is here — linen shirts, wool coats and knitwear, made to last.\n\n";
    while ([...text].length < 3000)
      text +=
        "Every piece was designed in our studio and made by partners we have worked with for years. ";
    text = [...text].slice(0, 3000).join("");
    const [line] = await calendarPosts([text]);
    expect(line).toMatch(
      /^• \*\d\d:\d\d\* :white_check_mark: approved · LinkedIn · “Our autumn collection 🍂 is here — linen shirts, wool coats …” — <@\w+> \(#\d+\)$/,
    );
  });

  it("reads the whole text of a post whose start is a thousand blank characters", async () => {
    await d.team();
    const words = "Words after a thousand blank characters: the post starts here and goes on.";
    const lines = await calendarPosts([" \n".repeat(500) + words, `Short post\n\n\n${words}`]);
    expect(lines.map(quoted)).toEqual([
      "Words after a thousand blank characters: the post starts he…",
      "Short post Words after a thousand blank characters: the pos…",
    ]);
  });

  it("shows posts at the edge of the start it reads as their whole texts would", async () => {
    await d.team();
    const letters = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; // 62
    const lines = await calendarPosts([
      // Exactly 200 characters: the start is the whole text.
      "\n".repeat(150) + letters.slice(0, 50),
      // 201: the last character is past the start, and the start is too short on one line.
      "\n".repeat(150) + letters.slice(0, 50) + "!",
      // The start holds exactly the 62 code points an excerpt needs on one line.
      "\n".repeat(138) + letters + " and more words after the start",
      // One line of 60 from the start, where the whole text has more.
      "\n".repeat(140) + letters.slice(0, 60) + "!? and more",
    ]);
    expect(lines.map(quoted)).toEqual([
      letters.slice(0, 50),
      `${letters.slice(0, 50)}!`,
      `${letters.slice(0, 59)}…`,
      `${letters.slice(0, 59)}…`,
    ]);
  });

  it("answers a malformed call with a Usage line", async () => {
    await d.team();
    await h.slack.command(DAVE, "/calendar", "year");
    expect(d.lastPrivate(DAVE)).toMatch(/^Usage: \/calendar \[week\|month\]/);
  });
});
