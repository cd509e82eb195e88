import { afterEach, describe, expect, it, vi } from "vitest";
import { webcareRemindersJob } from "../../../src/features/webcare/reminders.ts";
import {
  createScheduler,
  type Scheduler,
  type TickReport,
} from "../../../src/scheduler/scheduler.ts";
import type { BuiltApp } from "../../../src/app.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { ALICE, BOB, teamWithRotation } from "./support.ts";

/**
 * node-cron's timer is the only thing faked (setTimeout/clearTimeout and Date,
 * which node-cron reads to plan its next beat); the job's `now` comes from the
 * harness clock, moved in step.
 */
const START = "2026-11-23T08:58:00Z";

let h: Harness | null = null;
const schedulers: Scheduler[] = [];
let reports: TickReport[] = [];
let waiting: Array<() => void> = [];

function service(built: BuiltApp): Scheduler {
  // Installed once: a replica's scheduler shares the first one's fake timer.
  if (!vi.isFakeTimers()) {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: new Date(START) });
  }
  const scheduler = createScheduler(built.deps, {
    jobs: [webcareRemindersJob],
    onTick: (report) => {
      reports.push(report);
      waiting.splice(0).forEach((wake) => wake());
    },
  });
  schedulers.push(scheduler);
  return scheduler;
}

/** Moves node-cron's timer and the app's clock one minute, and waits for `ticks` ticks to finish. */
async function nextMinute(ticks = 1): Promise<TickReport[]> {
  const from = reports.length;
  const done = new Promise<void>((resolve) => {
    const check = () => (reports.length - from >= ticks ? resolve() : waiting.push(check));
    waiting.push(check);
  });
  h?.clock.advance(60_000);
  await vi.advanceTimersByTimeAsync(60_000);
  await done;
  return reports.slice(from);
}

afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = null;
  schedulers.length = 0;
  reports = [];
  waiting = [];
});

describe("the scheduler", () => {
  it("ticks every minute and sends the reminder once, at the hand-over time", async () => {
    h = await startHarness({ now: START, services: [service] });
    await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23" });

    const [t1] = await nextMinute(); // 08:59
    expect(t1?.at.toISOString()).toBe("2026-11-23T08:59:00.000Z");
    expect(t1?.sent).toEqual([]);
    const [t2] = await nextMinute(); // 09:00
    expect(t2?.sent).toHaveLength(1);
    expect(t2?.sent[0]).toMatch(/^webcare-reminders: .*sent to U_ALICE/);
    const [t3] = await nextMinute(); // 09:01
    expect(t3?.sent).toEqual([]);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
  });

  it("two replicas with their own scheduler on one database send one DM", async () => {
    h = await startHarness({ now: START, services: [service] });
    await h.startReplica();
    expect(schedulers).toHaveLength(2);
    await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23" });
    await nextMinute(2); // 08:59, on both
    const both = await nextMinute(2); // 09:00, on both
    expect(both.flatMap((report) => report.sent)).toHaveLength(1);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(1);
    expect(h.fake.dmsTo(BOB)).toHaveLength(0);
  });

  it("stops with the app: no tick after stop", async () => {
    h = await startHarness({ now: START, services: [service] });
    await teamWithRotation(h, { timezone: "UTC", startDate: "2026-11-23" });
    await h.app.stop();
    h.clock.advance(5 * 60_000);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(reports).toHaveLength(0);
    expect(h.fake.dmsTo(ALICE)).toHaveLength(0);
  });
});
