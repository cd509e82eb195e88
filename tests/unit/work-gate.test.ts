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
