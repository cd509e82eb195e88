import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GUIDELINES_CALLBACK } from "../../../src/features/guidelines/views.ts";
import { LOG_CALLBACK } from "../../../src/features/metrics/views.ts";
import { settingsText } from "../../../src/features/settings/messages.ts";
import { SETTINGS_CALLBACK } from "../../../src/features/settings/views.ts";
import type { AppResponse } from "../../../src/sandbox/index.ts";
import { answerMessages } from "../../../src/slack/answer-every-request.ts";
import { busyMessages } from "../../../src/slack/busy.ts";
import type { WorkTicket } from "../../../src/slack/work-gate.ts";
import { privateRepliesTo, startHarness, type Harness } from "../../support/harness.ts";
import { ACTION, ALICE, BOB, CAROL, DAVE, driver } from "../proposals/helpers.ts";

const busyEn = busyMessages("en").busy;
const busyFr = busyMessages("fr").busy;

let h: Harness;
let d: ReturnType<typeof driver>;
beforeEach(async () => {
  h = await startHarness();
  d = driver(h);
});
afterEach(async () => {
  await h.close();
});

/**
 * Takes every place the process has (running and queued) with requests
 * that stand for work in progress; `release` ends them.
 */
function fillTheProcess(): { release(): void } {
  const gate = h.app.built.workGate;
  const places = gate.limits.running + gate.limits.queued;
  const held: WorkTicket[] = [];
  for (let i = 0; i < places; i += 1) {
    const ticket = gate.admit();
    if (!ticket) throw new Error(`the gate was full after ${i} of ${places}`);
    held.push(ticket);
  }
  return { release: () => held.forEach((ticket) => ticket.finish()) };
}

/**
 * Takes the running slots (the urgent ones too when asked): new requests are
 * admitted and wait.
 */
async function occupyEveryRunningSlot(
  options: { urgentToo?: boolean } = {},
): Promise<{ release(): void }> {
  const gate = h.app.built.workGate;
  const held: WorkTicket[] = [];
  const take = async (urgent: boolean) => {
    const ticket = gate.admit();
    if (!ticket) throw new Error("the gate refused a running request");
    await ticket.startWork({ urgent });
    held.push(ticket);
  };
  for (let i = 0; i < gate.limits.running; i += 1) await take(false);
  if (options.urgentToo) for (let i = 0; i < (gate.limits.urgent ?? 0); i += 1) await take(true);
  return { release: () => held.forEach((ticket) => ticket.finish()) };
}

/**
 * Sends a slash command as Slack does and follows its HTTP answer alone:
 * unlike `h.slack.command`, it does not wait for the work the command left
 * to run after its ack. The test harness holds the answer until the
 * listener returns (processBeforeResponse), so the answer is back while the
 * work still waits for a slot only when that work runs detached from the
 * listener (ackThenWork).
 */
function sendCommand(userId: string, command: string, text: string) {
  const { form, triggerId } = h.slack.commandForm(userId, command, text);
  let answer: AppResponse | undefined;
  const response = h.slack
    .post(form, "application/x-www-form-urlencoded")
    .then((sent) => (answer = sent));
  return { triggerId, response, answered: () => answer };
}

/** The /calendar answers (blocks, one header and the days) someone received. */
const calendarReplies = (userId: string) =>
  h.fake.ephemeralsTo(userId).filter((e) => Array.isArray(e.blocks));

describe("when the process is full", () => {
  it("a command is answered 'busy' in its acknowledgement, privately, and does nothing", async () => {
    await d.team();
    const full = fillTheProcess();
    const repliesBefore = h.fake.ephemeralsTo(CAROL).length;

    const response = await h.slack.command(CAROL, "/calendar", "month");
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ response_type: "ephemeral" });
    const replies = h.fake.ephemeralsTo(CAROL).slice(repliesBefore);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(busyEn);
    expect(replies[0]?.blocks).toBeUndefined();
    expect(h.app.built.workGate.stats().refused).toBe(1);

    full.release();
    await h.slack.command(CAROL, "/calendar", "month");
    const after = h.fake.ephemeralsTo(CAROL).slice(repliesBefore + 1);
    expect(after).toHaveLength(1);
    expect(after[0]?.text).not.toContain(busyEn);
  });

  it("a submitted modal stays open with the busy answer on its first field, and nothing is stored", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    const full = fillTheProcess();

    const refused = await h.slack.submitView(CAROL, view, d.values());
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ response_action: "errors" });
    expect(refused.viewError).toBeNull(); // the fake accepted it as a valid field error
    expect(JSON.stringify(refused.json)).toContain(busyEn);
    expect(h.fake.lastView(CAROL)?.id).toBe(view.id); // still open
    expect(await d.db.proposal.count()).toBe(0);

    full.release();
    const accepted = await h.slack.submitView(CAROL, view, d.values());
    expect(accepted.json).toMatchObject({ response_action: "update" });
    expect(await d.db.proposal.count()).toBe(1);
  });

  it("a submitted proposal is answered at once with every slot taken, and stored in the first one that frees", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    const slots = await occupyEveryRunningSlot({ urgentToo: true });
    const gate = h.app.built.workGate;

    // Answered: the form says it is on its way; the store waits for a slot.
    const waiting = h.slack.submitView(CAROL, view, d.values());
    await expect.poll(() => gate.stats().urgentWaiting, { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => JSON.stringify(h.fake.view(view.id)?.blocks), { timeout: 10_000 })
      .toContain("Sending for approval");
    expect(h.fake.view(view.id)?.submit).toBeUndefined();
    expect(await d.db.proposal.count()).toBe(0);

    slots.release();
    const accepted = await waiting;
    expect(accepted.json).toMatchObject({ response_action: "update" });
    expect(await d.db.proposal.count()).toBe(1);
    expect(JSON.stringify(h.fake.view(view.id)?.blocks)).toContain("is saved");
    await gate.idle();
    expect(gate.stats()).toMatchObject({ admitted: 0, running: 0, waiting: 0 });
  });

  it("a form that stores before its answer takes a running slot first; a slot that never frees gives the busy answer", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    await d.click(BOB, d.request(BOB, proposal.id), ACTION.reject);
    const reason = h.fake.lastView(BOB);
    if (!reason) throw new Error("no reason modal");
    const gate = h.app.built.workGate;

    // No slot within the wait: the modal stays open with the busy answer.
    const taken = await occupyEveryRunningSlot({ urgentToo: true });
    const refused = await h.slack.submitView(BOB, reason, { reason: "Off brand" });
    expect(JSON.stringify(refused.json)).toContain(busyEn);
    expect(refused.viewError).toBeNull();
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "pending",
    );
    // Its place was given back: once the slots free, the gate is empty.
    taken.release();
    await gate.idle();
    expect(gate.stats()).toMatchObject({ admitted: 0, running: 0, waiting: 0 });
  });

  it("help answered in its acknowledgement waits for no running slot and takes no place in the queue", async () => {
    await d.team();
    // The first help looks Carol's language up; from then on help is the ack itself.
    await h.slack.command(CAROL, "/greenlight", "help");
    const slots = await occupyEveryRunningSlot({ urgentToo: true });
    try {
      const gate = h.app.built.workGate;
      for (let i = 0; i < gate.limits.queued + 2; i += 1) {
        // Held responses: each returns only once its request is done, so a
        // help that waited for a slot would never come back while they are taken.
        const response = await h.slack.command(CAROL, "/greenlight", "help");
        expect(response.status).toBe(200);
        expect(JSON.stringify(response.json)).toContain("/greenlight settings");
        expect(JSON.stringify(response.json)).not.toContain(busyEn);
      }
      expect(gate.stats()).toMatchObject({ waiting: 0, refused: 0 });
    } finally {
      slots.release();
    }
  });

  it("a button click gets the busy answer privately and decides nothing", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    const full = fillTheProcess();

    await d.click(BOB, request, ACTION.approve);
    expect(d.lastPrivate(BOB)).toContain(busyEn);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "pending",
    );

    full.release();
    await d.click(BOB, request, ACTION.approve);
    expect((await d.db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      "approved",
    );
  });
});

describe("the busy answer's language", () => {
  it("is the person's own when this process knows it, and both languages when it does not", async () => {
    await d.team();
    h.fake.setLocale(CAROL, "fr-FR");
    h.fake.setLocale(DAVE, "fr-FR");
    // Carol has used Greenlight, so her language is known; Dave never has.
    await h.slack.command(CAROL, "/role", "list");
    const full = fillTheProcess();

    const carol = await h.slack.command(CAROL, "/calendar", "month");
    expect(JSON.stringify(carol.json)).toContain(busyFr);
    expect(JSON.stringify(carol.json)).not.toContain(busyEn);
    const dave = await h.slack.command(DAVE, "/calendar", "month");
    expect(JSON.stringify(dave.json)).toContain(busyEn);
    expect(JSON.stringify(dave.json)).toContain(busyFr);
    full.release();
  });
});

describe("the busy answer on a submitted form", () => {
  it("is in the language the form was opened in, even when this process no longer knows the person's", async () => {
    await d.team();
    h.fake.setLocale(CAROL, "fr-FR");
    const view = await d.openPropose(CAROL);
    h.app.built.deps.recentLanguages?.forget(h.fake.teamId, CAROL);
    const full = fillTheProcess();

    const refused = await h.slack.submitView(CAROL, view, d.values());
    expect(JSON.stringify(refused.json)).toContain(JSON.stringify(busyFr).slice(1, -1));
    expect(JSON.stringify(refused.json)).not.toContain(busyEn);
    expect(await d.db.proposal.count()).toBe(0);
    full.release();
  });
});

describe("when every running slot is taken", () => {
  it("new commands are acknowledged, wait their turn, and all run once a slot frees", async () => {
    await d.team();
    const busy = await occupyEveryRunningSlot();
    const repliesBefore = calendarReplies(CAROL).length;

    const sent = [0, 1, 2].map(() => h.slack.command(CAROL, "/calendar", "month"));
    // Admitted, not refused: they wait for a slot.
    await vi.waitFor(() => expect(h.app.built.workGate.stats().waiting).toBe(3));
    expect(calendarReplies(CAROL)).toHaveLength(repliesBefore);

    busy.release();
    const responses = await Promise.all(sent);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(calendarReplies(CAROL)).toHaveLength(repliesBefore + 3);
    expect(h.app.built.workGate.stats()).toMatchObject({ refused: 0, waiting: 0, admitted: 0 });
  });
});

describe("work someone is waiting on with a deadline", () => {
  it("/propose opens its modal while background work holds every running slot and more waits", async () => {
    await d.team();
    const gate = h.app.built.workGate;
    const busy = await occupyEveryRunningSlot();
    const repliesBefore = calendarReplies(DAVE).length;
    const queued = h.slack.command(DAVE, "/calendar", "month");
    await vi.waitFor(() => expect(gate.stats().waiting).toBe(1));

    // The trigger_id lives 3 s: the modal opens now, ahead of the queued /calendar.
    const view = await d.openPropose(CAROL);
    expect(h.fake.openViews(CAROL).map((v) => v.id)).toContain(view.id);
    expect(calendarReplies(DAVE)).toHaveLength(repliesBefore);
    expect(gate.stats()).toMatchObject({ waiting: 1, urgentWaiting: 0 });

    busy.release();
    await queued;
    expect(calendarReplies(DAVE)).toHaveLength(repliesBefore + 1);
  });

  it("a submitted proposal is stored at once while background work holds every running slot", async () => {
    await d.team();
    const view = await d.openPropose(CAROL);
    const busy = await occupyEveryRunningSlot();
    const queued = h.slack.command(DAVE, "/calendar", "month");
    await vi.waitFor(() => expect(h.app.built.workGate.stats().waiting).toBe(1));

    const accepted = await h.slack.submitView(CAROL, view, d.values());
    expect(accepted.json).toMatchObject({ response_action: "update" });
    expect(await d.db.proposal.count()).toBe(1);

    busy.release();
    await queued;
  });

  it("Reject opens its reason modal while background work holds every running slot", async () => {
    await d.team();
    const proposal = await d.propose(CAROL);
    const request = d.request(BOB, proposal.id);
    const busy = await occupyEveryRunningSlot();

    await d.click(BOB, request, ACTION.reject);
    expect(h.fake.lastView(BOB)?.callback_id).toBe("proposal_reason");
    busy.release();
  });
});

describe("a command's work left to run after its ack (ackThenWork)", () => {
  it("waits for a running slot behind background work, acked at once, and answers once it runs", async () => {
    await d.team();
    const gate = h.app.built.workGate;
    const busy = await occupyEveryRunningSlot();
    const before = calendarReplies(DAVE).length;
    const queued = h.slack.command(DAVE, "/calendar", "month");
    // Acked (an empty 200) while its work waits in the ordinary lane.
    await vi.waitFor(() => expect(gate.stats()).toMatchObject({ waiting: 1, urgentWaiting: 0 }));
    expect(calendarReplies(DAVE)).toHaveLength(before);
    busy.release();
    expect((await queued).status).toBe(200);
    expect(calendarReplies(DAVE)).toHaveLength(before + 1);
    expect(gate.stats()).toMatchObject({ admitted: 0, running: 0, waiting: 0 });
  });

  it("that fails is told to the person privately, as a listener's failure is", async () => {
    await d.team();
    // A timezone no longer known: the month cannot be laid out.
    await d.db.team.update({
      where: { id: h.fake.teamId },
      data: { timezone: "Mars/Olympus_Mons" },
    });
    expect(await privateRepliesTo(h, DAVE, "/calendar", "month")).toEqual([
      answerMessages("en").failed,
    ]);
    expect(h.app.built.workGate.stats()).toMatchObject({ admitted: 0, running: 0 });
  });
});

describe("/metrics, /greenlight and /propose leave their work to run after their ack (ackThenWork)", () => {
  it.each([
    {
      what: "/metrics goal",
      userId: ALICE,
      command: "/metrics",
      text: "goal linkedin engagement-rate 3.5%",
      answer: /^Goal set: \*LinkedIn\* engagement-rate at least 3\.5% a week\./,
      stored: () => d.db.metricsGoal.count(),
    },
    {
      what: "/greenlight language",
      userId: DAVE,
      command: "/greenlight",
      text: "language fr",
      answer: settingsText("fr").languageChosen,
      stored: () => d.db.personLanguage.count({ where: { userId: DAVE, choice: "fr" } }),
    },
  ])(
    "$what is acked at once while its work waits in the ordinary lane, and answers once a slot frees",
    async ({ userId, command, text, answer, stored }) => {
      await d.team();
      const gate = h.app.built.workGate;
      const busy = await occupyEveryRunningSlot();
      const before = h.fake.ephemeralsTo(userId).length;
      let sent: ReturnType<typeof sendCommand> | undefined;
      try {
        sent = sendCommand(userId, command, text);
        // The ack (an empty 200) is back though no slot is free: the listener returned.
        await expect.poll(() => sent?.answered()?.status, { timeout: 5_000 }).toBe(200);
        expect(sent.answered()?.body).toBe("");
        expect(gate.stats()).toMatchObject({ waiting: 1, urgentWaiting: 0 });
        expect(h.fake.ephemeralsTo(userId)).toHaveLength(before);
        expect(await stored()).toBe(0);
      } finally {
        busy.release();
      }
      await sent.response;
      await h.app.built.answeredWorkDone(sent.triggerId);
      const replies = h.fake.ephemeralsTo(userId).slice(before);
      expect(replies).toHaveLength(1);
      expect(String(replies[0]?.text)).toMatch(answer);
      expect(await stored()).toBe(1);
      await gate.idle();
      expect(gate.stats()).toMatchObject({ admitted: 0, running: 0, waiting: 0 });
    },
  );

  it.each([
    { what: "/metrics log", userId: ALICE, command: "/metrics", text: "log", form: LOG_CALLBACK },
    {
      what: "/greenlight settings",
      userId: ALICE,
      command: "/greenlight",
      text: "settings",
      form: SETTINGS_CALLBACK,
    },
    {
      what: "/greenlight guidelines edit",
      userId: ALICE,
      command: "/greenlight",
      text: "guidelines edit",
      form: GUIDELINES_CALLBACK,
    },
    { what: "/propose", userId: CAROL, command: "/propose", text: "", form: "proposal_propose" },
  ])(
    "$what is acked at once, waits for its modal in the urgent lane, and opens it once an urgent slot frees",
    async ({ userId, command, text, form }) => {
      await d.team();
      const gate = h.app.built.workGate;
      const busy = await occupyEveryRunningSlot({ urgentToo: true });
      const opened = h.fake.callsTo("views.open").length;
      let sent: ReturnType<typeof sendCommand> | undefined;
      try {
        sent = sendCommand(userId, command, text);
        await expect.poll(() => sent?.answered()?.status, { timeout: 5_000 }).toBe(200);
        // Ahead of any background work: its trigger_id lives 3 s.
        expect(gate.stats()).toMatchObject({ waiting: 1, urgentWaiting: 1 });
        expect(h.fake.callsTo("views.open")).toHaveLength(opened);
      } finally {
        busy.release();
      }
      await sent.response;
      await h.app.built.answeredWorkDone(sent.triggerId);
      expect(h.fake.callsTo("views.open")).toHaveLength(opened + 1);
      expect(h.fake.lastView(userId)?.callback_id).toBe(form);
    },
  );

  it("a modal opens while background work holds every ordinary slot and more waits", async () => {
    await d.team();
    const gate = h.app.built.workGate;
    const busy = await occupyEveryRunningSlot();
    try {
      const queued = sendCommand(DAVE, "/calendar", "month");
      await vi.waitFor(() => expect(gate.stats().waiting).toBe(1));
      for (const [command, text, form] of [
        ["/metrics", "log", LOG_CALLBACK],
        ["/greenlight", "settings", SETTINGS_CALLBACK],
      ] as const) {
        const sent = sendCommand(ALICE, command, text);
        await expect.poll(() => h.fake.lastView(ALICE)?.callback_id, { timeout: 5_000 }).toBe(form);
        await sent.response;
      }
      expect(gate.stats()).toMatchObject({ waiting: 1, urgentWaiting: 0 });
      expect(queued.answered()?.status).toBe(200);
    } finally {
      busy.release();
    }
  });

  it.each([
    { what: "/metrics log", userId: ALICE, command: "/metrics", text: "log" },
    { what: "/metrics digest", userId: DAVE, command: "/metrics", text: "digest" },
    { what: "/propose", userId: CAROL, command: "/propose", text: "" },
  ])("$what that fails is told to the person privately", async ({ userId, command, text }) => {
    await d.team();
    // A timezone no longer known: no date can be worked out.
    await d.db.team.update({
      where: { id: h.fake.teamId },
      data: { timezone: "Mars/Olympus_Mons" },
    });
    expect(await privateRepliesTo(h, userId, command, text)).toEqual([answerMessages("en").failed]);
    expect(h.fake.openViews(userId)).toHaveLength(0);
    expect(h.app.built.workGate.stats()).toMatchObject({ admitted: 0, running: 0 });
  });
});
