import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dutyDay,
  dutySchedule,
  membersOn,
  type Absence,
  type Cover,
  type DutyPlan,
  type RotationVersion,
  type WeekendVersion,
} from "../../src/features/webcare/rotation.ts";
import { dailyDueInstant } from "../../src/scheduler/due.ts";
import {
  addDaysToLocalDate,
  isoWeekdayOf,
  localDateAt,
  type LocalDate,
} from "../../src/shared/local-date.ts";

// 2026-11-23 is a Monday.
const weekdays: RotationVersion = {
  startDate: "2026-11-23",
  members: ["UA", "UB", "UC"],
  kind: "weekdays",
};
const weekend: WeekendVersion = { startDate: "2026-11-23", members: ["UD", "UE"] };

const who = (from: LocalDate, days: number, plan: DutyPlan) =>
  dutySchedule(from, days, plan).map((day) => day.onDuty ?? day.status);

describe("weekdays and weekends", () => {
  it("a weekdays rotation counts Monday to Friday only; weekends are closed", () => {
    expect(who("2026-11-23", 14, { rotations: [weekdays] })).toEqual([
      "UA", "UB", "UC", "UA", "UB", // Mon–Fri
      "closed", "closed",
      "UC", "UA", "UB", "UC", "UA", // the count goes on after the weekend
      "closed", "closed",
    ]); // prettier-ignore
  });

  it("a weekdays rotation set on a Saturday starts on Monday with its first member", () => {
    const setSaturday = { ...weekdays, startDate: "2026-11-28" };
    expect(who("2026-11-28", 4, { rotations: [setSaturday] })).toEqual([
      "closed",
      "closed",
      "UA",
      "UB",
    ]);
  });

  it("the weekend rotation gives each Saturday–Sunday to one person, from the next weekend", () => {
    expect(who("2026-11-23", 21, { rotations: [weekdays], weekends: [weekend] })).toEqual([
      "UA", "UB", "UC", "UA", "UB", "UD", "UD",
      "UC", "UA", "UB", "UC", "UA", "UE", "UE",
      "UB", "UC", "UA", "UB", "UC", "UD", "UD",
    ]); // prettier-ignore
  });

  it("a weekend rotation set on a Sunday takes that Sunday as its first weekend", () => {
    const sunday = { startDate: "2026-11-29", members: ["UD", "UE"] };
    expect(who("2026-11-28", 9, { rotations: [weekdays], weekends: [sunday] })).toEqual([
      "closed", "UD", "UC", "UA", "UB", "UC", "UA", "UE", "UE",
    ]); // prettier-ignore
  });

  it("an every-day rotation under a weekend rotation skips the weekends it gives away", () => {
    const daily = { startDate: "2026-11-23", members: ["UA", "UB", "UC"] };
    expect(who("2026-11-23", 10, { rotations: [daily], weekends: [weekend] })).toEqual([
      "UA", "UB", "UC", "UA", "UB", "UD", "UD", "UC", "UA", "UB",
    ]); // prettier-ignore
    // Without the weekend rotation it counts every day.
    expect(who("2026-11-23", 8, { rotations: [daily] })).toEqual([
      "UA", "UB", "UC", "UA", "UB", "UC", "UA", "UB",
    ]); // prettier-ignore
  });

  it("weekend off: weekends close again from that day, earlier weekends unchanged", () => {
    const off = { startDate: "2026-12-01", members: [] };
    expect(
      who("2026-11-28", 14, { rotations: [weekdays], weekends: [weekend, off] }).filter((_, i) =>
        [0, 1, 7, 8].includes(i),
      ),
    ).toEqual(["UD", "UD", "closed", "closed"]);
  });

  it("a weekend rotation alone: weekdays closed", () => {
    expect(who("2026-11-27", 3, { rotations: [], weekends: [weekend] })).toEqual([
      "closed",
      "UD",
      "UD",
    ]);
  });

  it("Friday's next is Monday's person across a closed weekend, and Monday is handed over by Friday", () => {
    expect(dutyDay("2026-11-27", { rotations: [weekdays] })).toMatchObject({
      onDuty: "UB",
      next: "UC",
      nextDate: "2026-11-30",
    });
    expect(dutyDay("2026-11-30", { rotations: [weekdays] })).toMatchObject({
      onDuty: "UC",
      handedOverBy: "UB",
    });
  });
});

describe("absences", () => {
  const plan = (absences: Absence[], covers: Cover[] = []): DutyPlan => ({
    rotations: [weekdays],
    weekends: [weekend],
    absences,
    covers,
  });

  it("an away person's day goes to the next one in order who is not away; the order resumes", () => {
    const days = dutySchedule(
      "2026-11-23",
      5,
      plan([{ userId: "UB", from: "2026-11-24", to: "2026-11-24" }]),
    );
    expect(days.map((day) => day.onDuty)).toEqual(["UA", "UC", "UC", "UA", "UB"]);
    expect(days[1]).toMatchObject({ scheduled: "UB", standIn: true, status: "duty" });
  });

  it("skips every away person, wrapping round the order", () => {
    const away = [
      { userId: "UC", from: "2026-11-25", to: "2026-11-25" },
      { userId: "UA", from: "2026-11-20", to: "2026-11-30" },
    ];
    expect(dutyDay("2026-11-25", plan(away))).toMatchObject({ scheduled: "UC", onDuty: "UB" });
  });

  it("everyone away is a gap; a cover still fills it", () => {
    const everyone = ["UA", "UB", "UC"].map((userId) => ({
      userId,
      from: "2026-11-24",
      to: "2026-11-24",
    }));
    expect(dutyDay("2026-11-24", plan(everyone))).toMatchObject({
      status: "gap",
      onDuty: null,
      scheduled: "UB",
    });
    expect(dutyDay("2026-11-25", plan(everyone))).toMatchObject({ handedOverBy: null });
    expect(
      dutyDay("2026-11-24", plan(everyone, [{ date: "2026-11-24", userId: "UD" }])),
    ).toMatchObject({ status: "duty", onDuty: "UD", coveredBy: true });
  });

  it("the weekend person away: the next weekend member takes that day", () => {
    const away = [{ userId: "UD", from: "2026-11-29", to: "2026-11-29" }];
    expect(who("2026-11-28", 2, plan(away))).toEqual(["UD", "UE"]);
  });

  it("members of the rotations in force, main first", () => {
    expect(membersOn("2026-11-28", plan([]))).toEqual(["UA", "UB", "UC", "UD", "UE"]);
    expect(membersOn("2026-11-01", plan([]))).toEqual([]);
  });
});

// ---------------------------------------------------------------- properties

const PEOPLE = ["UA", "UB", "UC", "UD", "UE", "UF"];
const BASE = "2026-01-01";
const dateIn = (span: number) =>
  fc.integer({ min: 0, max: span }).map((n) => addDaysToLocalDate(BASE, n));
const members = fc
  .subarray(PEOPLE)
  .chain((chosen) => fc.shuffledSubarray(chosen, { minLength: chosen.length }));

const planArbitrary: fc.Arbitrary<DutyPlan> = fc.record({
  rotations: fc.array(
    fc.record({
      startDate: dateIn(400),
      members,
      kind: fc.constantFrom("daily" as const, "weekdays" as const),
    }),
    { maxLength: 3 },
  ),
  weekends: fc.array(fc.record({ startDate: dateIn(400), members }), { maxLength: 2 }),
  absences: fc.array(
    fc
      .record({ userId: fc.constantFrom(...PEOPLE), from: dateIn(420), length: fc.nat(10) })
      .map(({ userId, from, length }) => ({ userId, from, to: addDaysToLocalDate(from, length) })),
    { maxLength: 8 },
  ),
  covers: fc.array(fc.record({ date: dateIn(420), userId: fc.constantFrom(...PEOPLE) }), {
    maxLength: 4,
  }),
});

const windowArbitrary = fc.record({ from: dateIn(420), days: fc.integer({ min: 1, max: 40 }) });

const coverOn = (plan: DutyPlan, date: LocalDate) =>
  (plan.covers ?? []).findLast((cover) => cover.date === date)?.userId;
const awayOn = (plan: DutyPlan, userId: string, date: LocalDate) =>
  (plan.absences ?? []).some((a) => a.userId === userId && a.from <= date && date <= a.to);

describe("the duty rule's invariants (property-based)", () => {
  it("each day is exactly one of: one person on duty, closed, or a gap", () => {
    fc.assert(
      fc.property(planArbitrary, windowArbitrary, (plan, { from, days }) => {
        const schedule = dutySchedule(from, days, plan);
        expect(schedule).toHaveLength(days);
        schedule.forEach((day, i) => {
          expect(day.date).toBe(addDaysToLocalDate(from, i));
          if (day.status === "duty") expect(PEOPLE).toContain(day.onDuty);
          else expect(day.onDuty).toBeNull();
          // Closed exactly when no rotation serves the day and nobody covers it.
          expect(day.status === "closed").toBe(day.scheduled === null && !coverOn(plan, day.date));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("an away person is on duty only when a cover names them; a gap means everyone in that rotation is away", () => {
    fc.assert(
      fc.property(planArbitrary, windowArbitrary, (plan, { from, days }) => {
        for (const day of dutySchedule(from, days, plan)) {
          if (day.onDuty && awayOn(plan, day.onDuty, day.date)) {
            expect(coverOn(plan, day.date)).toBe(day.onDuty);
          }
          if (day.status === "gap") {
            const order = membersOrderOn(plan, day);
            expect(order.length).toBeGreaterThan(0);
            for (const userId of order) expect(awayOn(plan, userId, day.date)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("covers win, whatever the rotations and absences say", () => {
    fc.assert(
      fc.property(planArbitrary, windowArbitrary, (plan, { from, days }) => {
        for (const day of dutySchedule(from, days, plan)) {
          const cover = coverOn(plan, day.date);
          if (cover) expect(day).toMatchObject({ onDuty: cover, coveredBy: true, status: "duty" });
          else expect(day.coveredBy).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the order is kept: absences and covers never move the rotation's own person, and a stand-in is the next one present in order", () => {
    fc.assert(
      fc.property(planArbitrary, windowArbitrary, (plan, { from, days }) => {
        const bare = dutySchedule(from, days, {
          rotations: plan.rotations,
          weekends: plan.weekends ?? [],
        });
        const full = dutySchedule(from, days, plan);
        full.forEach((day, i) => {
          expect(day.scheduled).toBe(bare[i]?.scheduled);
          expect(day.rotation).toBe(bare[i]?.rotation);
          if (day.standIn) {
            const order = [...membersOrderOn(plan, day)];
            const start = order.indexOf(day.scheduled as string);
            const rotated = [...order.slice(start), ...order.slice(0, start)];
            expect(rotated.find((userId) => !awayOn(plan, userId, day.date))).toBe(day.onDuty);
          }
        });
        // With nobody away and no covers, consecutive served days of one
        // rotation version follow its order, one step a day.
        for (let i = 1; i < bare.length; i += 1) {
          const [a, b] = [bare[i - 1], bare[i]];
          if (!a?.scheduled || !b?.scheduled || a.rotation !== "main" || b.rotation !== "main")
            continue;
          const version = versionFor(plan.rotations, b.date);
          if (versionFor(plan.rotations, a.date) !== version || !version) continue;
          const order = version.members;
          expect(order[(order.indexOf(a.scheduled) + 1) % order.length]).toBe(b.scheduled);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("daylight-saving days change nothing: moving the whole plan by whole weeks moves the schedule with it", () => {
    const shift = (date: LocalDate, weeks: number) => addDaysToLocalDate(date, weeks * 7);
    fc.assert(
      fc.property(
        planArbitrary,
        windowArbitrary,
        fc.integer({ min: -60, max: 60 }),
        (plan, { from, days }, weeks) => {
          const moved: DutyPlan = {
            rotations: plan.rotations.map((r) => ({ ...r, startDate: shift(r.startDate, weeks) })),
            weekends: (plan.weekends ?? []).map((w) => ({
              ...w,
              startDate: shift(w.startDate, weeks),
            })),
            absences: (plan.absences ?? []).map((a) => ({
              ...a,
              from: shift(a.from, weeks),
              to: shift(a.to, weeks),
            })),
            covers: (plan.covers ?? []).map((c) => ({ ...c, date: shift(c.date, weeks) })),
          };
          const strip = (d: { date: LocalDate; nextDate: LocalDate | null }) => ({
            ...d,
            date: "",
            nextDate: d.nextDate ? "set" : null,
          });
          expect(dutySchedule(shift(from, weeks), days, moved).map(strip)).toEqual(
            dutySchedule(from, days, plan).map(strip),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("every local day's hand-over instant belongs to that day, DST nights included, so each day's duty is reminded once", () => {
    const zones = [
      "Europe/Paris",
      "America/New_York",
      "Australia/Lord_Howe",
      "Pacific/Apia",
      "UTC",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 30, 59),
        dateIn(700),
        (zone, hour, minute, from) => {
          const hhmm = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
          let previous = -Infinity;
          for (let i = 0; i < 10; i += 1) {
            const date = addDaysToLocalDate(from, i);
            const instant = dailyDueInstant(date, hhmm, zone);
            expect(localDateAt(instant, zone)).toBe(date);
            expect(instant.getTime()).toBeGreaterThan(previous);
            previous = instant.getTime();
          }
        },
      ),
      { numRuns: 200 },
    );
    // The spring-forward and fall-back days in Paris are ordinary duty days.
    const plan = { rotations: [{ startDate: "2026-03-23", members: ["UA", "UB"] }] };
    expect(isoWeekdayOf("2026-03-29")).toBe(7);
    expect(who("2026-03-28", 3, plan)).toEqual(["UB", "UA", "UB"]);
  });
});

function versionFor(versions: readonly RotationVersion[], date: LocalDate) {
  let found: RotationVersion | undefined;
  for (const version of [...versions].sort(byStart)) {
    if (version.startDate <= date) found = version;
  }
  return found;
}

function membersOrderOn(plan: DutyPlan, day: { date: LocalDate; rotation: string | null }) {
  const list: readonly { startDate: LocalDate; members: readonly string[] }[] =
    day.rotation === "weekend" ? (plan.weekends ?? []) : plan.rotations;
  let found: { members: readonly string[] } | undefined;
  for (const version of [...list].sort(byStart)) {
    if (version.startDate <= day.date) found = version;
  }
  return found?.members ?? [];
}

function byStart(a: { startDate: LocalDate }, b: { startDate: LocalDate }): number {
  return a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0;
}
