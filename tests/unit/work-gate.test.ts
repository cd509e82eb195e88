import { describe, expect, it } from "vitest";
import { WorkGate } from "../../src/slack/work-gate.ts";

describe("the work gate", () => {
  it("admits running + queued requests and refuses the next", () => {
    const gate = new WorkGate({ running: 2, queued: 1 });
    const tickets = [gate.admit(), gate.admit(), gate.admit()];
    expect(tickets.every((t) => t !== null)).toBe(true);
    expect(gate.admit()).toBeNull();
    expect(gate.stats()).toMatchObject({ admitted: 3, refused: 1 });
    tickets[0]?.finish();
    expect(gate.admit()).not.toBeNull();
  });

  it("admits what must not be dropped even when full", () => {
    const gate = new WorkGate({ running: 1, queued: 0 });
    expect(gate.admit()).not.toBeNull();
    expect(gate.admit()).toBeNull();
    expect(gate.admit({ always: true })).not.toBeNull();
    expect(gate.stats().admitted).toBe(2);
  });

  it("runs at most `running` at once and hands slots over in arrival order", async () => {
    const gate = new WorkGate({ running: 1, queued: 5 });
    const order: string[] = [];
    const first = gate.admit()!;
    const second = gate.admit()!;
    const third = gate.admit()!;
    await first.startWork();
    order.push("first");
    const waiting = [
      second.startWork().then(() => order.push("second")),
      third.startWork().then(() => order.push("third")),
    ];
    await Promise.resolve();
    expect(order).toEqual(["first"]);
    expect(gate.stats()).toMatchObject({ running: 1, waiting: 2 });

    first.finish();
    await waiting[0];
    expect(order).toEqual(["first", "second"]);
    expect(gate.stats()).toMatchObject({ running: 1, waiting: 1 });
    second.finish();
    await waiting[1];
    third.finish();
    expect(order).toEqual(["first", "second", "third"]);
    expect(gate.stats()).toMatchObject({ admitted: 0, running: 0, waiting: 0 });
  });

  it("finishing twice or without ever starting frees one place, once", async () => {
    const gate = new WorkGate({ running: 1, queued: 0 });
    const ticket = gate.admit()!;
    ticket.finish();
    ticket.finish();
    expect(gate.stats()).toMatchObject({ admitted: 0, running: 0 });
    const next = gate.admit()!;
    await next.startWork();
    expect(gate.stats().running).toBe(1);
  });

  it("a request that finishes while waiting passes its slot on", async () => {
    const gate = new WorkGate({ running: 1, queued: 5 });
    const holder = gate.admit()!;
    await holder.startWork();
    const gaveUp = gate.admit()!;
    const gaveUpStarted = gaveUp.startWork();
    const patient = gate.admit()!;
    const patientStarted = patient.startWork();
    gaveUp.finish();
    holder.finish();
    await gaveUpStarted;
    await patientStarted;
    expect(gate.stats()).toMatchObject({ admitted: 1, running: 1, waiting: 0 });
  });

  it("tells when nothing is admitted any more", async () => {
    const gate = new WorkGate({ running: 1, queued: 1 });
    await expect(gate.idle()).resolves.toBeUndefined();
    const ticket = gate.admit()!;
    let idle = false;
    const settled = gate.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    ticket.finish();
    await settled;
    expect(idle).toBe(true);
  });

  it("refuses limits that would admit nothing", () => {
    expect(() => new WorkGate({ running: 0, queued: 10 })).toThrow(RangeError);
  });
});

describe("urgent work", () => {
  it("takes a slot of its own when background work holds every running slot", async () => {
    const gate = new WorkGate({ running: 1, queued: 5, urgent: 1 });
    const background = gate.admit()!;
    await background.startWork();
    const queuedBackground = gate.admit()!;
    let backgroundStarted = false;
    const queuedStart = queuedBackground.startWork().then(() => (backgroundStarted = true));

    const urgent = gate.admit()!;
    await urgent.startWork({ urgent: true });
    expect(gate.stats()).toMatchObject({ running: 2, waiting: 1, urgentWaiting: 0 });
    // Its slot freed, background work still waits for one of its own.
    urgent.finish();
    await Promise.resolve();
    expect(backgroundStarted).toBe(false);
    background.finish();
    await queuedStart;
    queuedBackground.finish();
    expect(gate.stats()).toMatchObject({ admitted: 0, running: 0, waiting: 0 });
  });

  it("goes before background work that waited longer, and in its own arrival order", async () => {
    const gate = new WorkGate({ running: 1, queued: 5, urgent: 0 });
    const order: string[] = [];
    const holder = gate.admit()!;
    await holder.startWork();
    const tickets = {
      background: gate.admit()!,
      firstUrgent: gate.admit()!,
      secondUrgent: gate.admit()!,
    };
    const started = [
      tickets.background.startWork().then(() => order.push("background")),
      tickets.firstUrgent.startWork({ urgent: true }).then(() => order.push("firstUrgent")),
      tickets.secondUrgent.startWork({ urgent: true }).then(() => order.push("secondUrgent")),
    ];
    expect(gate.stats()).toMatchObject({ waiting: 3, urgentWaiting: 2 });
    holder.finish();
    await started[1];
    tickets.firstUrgent.finish();
    await started[2];
    tickets.secondUrgent.finish();
    await started[0];
    tickets.background.finish();
    expect(order).toEqual(["firstUrgent", "secondUrgent", "background"]);
  });

  it("an urgent request that gives up while waiting leaves the queue", async () => {
    const gate = new WorkGate({ running: 1, queued: 5, urgent: 0 });
    const holder = gate.admit()!;
    await holder.startWork();
    const gaveUp = gate.admit()!;
    const waited = gaveUp.startWork({ urgent: true });
    expect(gate.stats().urgentWaiting).toBe(1);
    gaveUp.finish();
    await waited;
    expect(gate.stats()).toMatchObject({ admitted: 1, running: 1, waiting: 0, urgentWaiting: 0 });
    holder.finish();
    expect(gate.stats()).toMatchObject({ admitted: 0, running: 0 });
  });
});
