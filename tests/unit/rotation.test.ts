import { describe, expect, it } from "vitest";
import {
  dutyDay,
  dutyOn,
  dutySchedule,
  type Cover,
  type RotationVersion,
} from "../../src/features/webcare/rotation.ts";
import {
  addDaysToLocalDate,
  compareLocalDates,
  daysBetweenLocalDates,
  isValidLocalDate,
  isoWeekdayOf,
  localDateAt,
  weekStartOf,
} from "../../src/shared/local-date.ts";

const abc: RotationVersion = { startDate: "2026-01-05", members: ["UA", "UB", "UC"] };

describe("local dates", () => {
  it.each([
    ["2026-01-31", true],
    ["2024-02-29", true],
    ["2025-02-29", false],
    ["2026-02-30", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-3-1", false],
    ["2026-03-01T00:00", false],
    [" 2026-03-01", false],
    ["", false],
  ])("%j is a calendar date: %s", (value, valid) => {
    expect(isValidLocalDate(value)).toBe(valid);
  });

  it.each([
    ["2026-03-28", 1, "2026-03-29"], // the night Europe moves clocks forward
    ["2026-03-29", 1, "2026-03-30"],
    ["2026-10-25", 1, "2026-10-26"], // the 25-hour day
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-02-29", 1, "2024-03-01"],
    ["2025-02-28", 1, "2025-03-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-01-01", -1, "2025-12-31"],
    ["2026-01-01", 365, "2027-01-01"],
    ["2024-01-01", 366, "2025-01-01"],
    ["2026-05-10", 0, "2026-05-10"],
  ])("%s + %i days = %s", (date, days, expected) => {
    expect(addDaysToLocalDate(date, days)).toBe(expected);
    expect(daysBetweenLocalDates(date, expected)).toBe(days);
  });

  it("refuses bad input instead of guessing", () => {
    expect(() => addDaysToLocalDate("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDaysToLocalDate("2026-02-01", 1.5)).toThrow(RangeError);
    expect(() => daysBetweenLocalDates("2026-02-01", "tomorrow")).toThrow(RangeError);
  });

  it("compares, finds weekdays and week starts", () => {
    expect(compareLocalDates("2026-01-09", "2026-01-10")).toBe(-1);
    expect(compareLocalDates("2026-01-10", "2026-01-10")).toBe(0);
    expect(isoWeekdayOf("2026-03-29")).toBe(7);
    expect(isoWeekdayOf("2026-03-30")).toBe(1);
    expect(weekStartOf("2026-03-29")).toBe("2026-03-23");
    expect(weekStartOf("2026-03-30")).toBe("2026-03-30");
    expect(weekStartOf("2027-01-01")).toBe("2026-12-28"); // across the new year
  });

  it("reads the date in the team's timezone", () => {
    const instant = new Date("2026-03-28T23:30:00Z");
    expect(localDateAt(instant, "UTC")).toBe("2026-03-28");
    expect(localDateAt(instant, "Europe/Paris")).toBe("2026-03-29");
    expect(localDateAt(instant, "America/Los_Angeles")).toBe("2026-03-28");
    expect(localDateAt(new Date("2026-03-28T18:29:00Z"), "Asia/Kolkata")).toBe("2026-03-28");
    expect(localDateAt(new Date("2026-03-28T18:30:00Z"), "Asia/Kolkata")).toBe("2026-03-29");
  });
});

describe("duty follows the rotation, one person a day", () => {
  it("the day the rotation was set is the first person's, then in order, wrapping", () => {
    expect(
      [0, 1, 2, 3, 4, 5, 6].map((n) =>
        dutyOn(addDaysToLocalDate(abc.startDate, n), { rotations: [abc] }),
      ),
    ).toEqual(["UA", "UB", "UC", "UA", "UB", "UC", "UA"]);
  });

  it.each([1, 2, 3, 5, 7])("over 1,000 days with %i members, day N is members[N mod k]", (k) => {
    const members = Array.from({ length: k }, (_, i) => `U${i}`);
    const version = { startDate: "2025-12-30", members };
    const schedule = dutySchedule(version.startDate, 1000, { rotations: [version] });
    expect(schedule).toHaveLength(1000);
    schedule.forEach((day, n) => {
      expect(day.date).toBe(addDaysToLocalDate(version.startDate, n));
      expect(day.onDuty).toBe(members[n % k]);
    });
    // DST nights and 29 February 2028 are inside the range: nobody is skipped or doubled.
    expect(dutyOn("2028-02-29", { rotations: [version] })).toBe(
      members[daysBetweenLocalDates("2025-12-30", "2028-02-29") % k],
    );
  });

  it.each([
    ["before the first rotation", "2026-01-04", [abc], null],
    ["long before", "1999-12-31", [abc], null],
    ["no rotation at all", "2026-01-10", [], null],
    ["an empty rotation", "2026-01-10", [{ startDate: "2026-01-05", members: [] }], null],
  ])("nobody is on duty %s", (_, date, versions, expected) => {
    expect(dutyOn(date, { rotations: versions })).toBe(expected);
  });

  it("a rotation emptied later leaves those days uncovered, earlier days unchanged", () => {
    const versions = [abc, { startDate: "2026-01-10", members: [] }];
    expect(dutyOn("2026-01-09", { rotations: versions })).toBe("UB");
    expect(dutyOn("2026-01-10", { rotations: versions })).toBeNull();
    expect(dutyOn("2026-03-01", { rotations: versions })).toBeNull();
  });
});

describe("a changed rotation applies from the day it was set", () => {
  const changed: RotationVersion = { startDate: "2026-01-12", members: ["UD", "UA"] };
  const versions = [abc, changed];

  it.each([
    ["2026-01-05", "UA"],
    ["2026-01-10", "UC"],
    ["2026-01-11", "UA"], // last day of the old order
    ["2026-01-12", "UD"], // the new order starts with its first member
    ["2026-01-13", "UA"],
    ["2026-01-14", "UD"],
  ])("%s → %s", (date, expected) => {
    expect(dutyOn(date, { rotations: versions })).toBe(expected);
  });

  it("members added: counting restarts from the new version's day", () => {
    const added = [abc, { startDate: "2026-02-01", members: ["UA", "UB", "UC", "UE"] }];
    expect(dutySchedule("2026-01-30", 7, { rotations: added }).map((d) => d.onDuty)).toEqual([
      "UB", // 2026-01-30 is day 25 of the old order: 25 % 3 = 1
      "UC",
      "UA", // 2026-02-01: the new order's first member
      "UB",
      "UC",
      "UE",
      "UA",
    ]);
  });

  it("members removed: the removed person has no more days", () => {
    const removed = [abc, { startDate: "2026-01-20", members: ["UA", "UC"] }];
    const days = dutySchedule("2026-01-20", 30, { rotations: removed });
    expect(days.some((d) => d.onDuty === "UB")).toBe(false);
    expect(days.map((d) => d.onDuty).slice(0, 4)).toEqual(["UA", "UC", "UA", "UC"]);
  });

  it("versions out of order are sorted; two on one day: the later save wins", () => {
    const first = { startDate: "2026-01-12", members: ["UX"] };
    const second = { startDate: "2026-01-12", members: ["UY", "UZ"] };
    expect(dutyOn("2026-01-12", { rotations: [second, abc] })).toBe("UY");
    expect(dutyOn("2026-01-12", { rotations: [first, second, abc] })).toBe("UY");
    expect(dutyOn("2026-01-11", { rotations: [first, second, abc] })).toBe("UA");
  });
});

describe("covers", () => {
  const covers: Cover[] = [{ date: "2026-01-07", userId: "UZ" }];

  it("a cover takes that one day; the order around it is unchanged", () => {
    expect(
      dutySchedule("2026-01-05", 5, { rotations: [abc], covers }).map((d) => [
        d.onDuty,
        d.coveredBy,
      ]),
    ).toEqual([
      ["UA", false],
      ["UB", false],
      ["UZ", true],
      ["UA", false],
      ["UB", false],
    ]);
  });

  it("a cover works even before any rotation or on an empty one", () => {
    const before = [{ date: "2025-12-01", userId: "UZ" }];
    expect(dutyOn("2025-12-01", { rotations: [abc], covers: before })).toBe("UZ");
    expect(dutyOn("2025-12-01", { rotations: [], covers: before })).toBe("UZ");
  });

  it("two covers for one day: the last one passed wins", () => {
    expect(
      dutyOn("2026-01-07", {
        rotations: [abc],
        covers: [...covers, { date: "2026-01-07", userId: "UY" }],
      }),
    ).toBe("UY");
  });
});

describe("handed over by and next", () => {
  it("nobody hands over on the first rotation's first day", () => {
    expect(dutyDay("2026-01-05", { rotations: [abc] })).toEqual({
      date: "2026-01-05",
      onDuty: "UA",
      status: "duty",
      scheduled: "UA",
      rotation: "main",
      handedOverBy: null,
      next: "UB",
      nextDate: "2026-01-06",
      coveredBy: false,
      standIn: false,
    });
  });

  it("across a cover, covers included both ways", () => {
    const covers = [{ date: "2026-01-07", userId: "UZ" }];
    expect(dutyDay("2026-01-06", { rotations: [abc], covers })).toMatchObject({
      onDuty: "UB",
      handedOverBy: "UA",
      next: "UZ",
    });
    expect(dutyDay("2026-01-07", { rotations: [abc], covers })).toMatchObject({
      onDuty: "UZ",
      handedOverBy: "UB",
      next: "UA",
      coveredBy: true,
    });
    expect(dutyDay("2026-01-08", { rotations: [abc], covers })).toMatchObject({
      onDuty: "UA",
      handedOverBy: "UZ",
      next: "UB",
    });
  });

  it("across a rotation change, the old order hands over to the new", () => {
    const versions = [abc, { startDate: "2026-01-12", members: ["UD", "UA"] }];
    expect(dutyDay("2026-01-11", { rotations: versions })).toMatchObject({
      onDuty: "UA",
      handedOverBy: "UC",
      next: "UD",
    });
    expect(dutyDay("2026-01-12", { rotations: versions })).toMatchObject({
      onDuty: "UD",
      handedOverBy: "UA",
      next: "UA",
    });
  });

  it("the day before an empty rotation has nobody next", () => {
    const versions = [abc, { startDate: "2026-01-10", members: [] }];
    expect(dutyDay("2026-01-09", { rotations: versions })).toMatchObject({
      onDuty: "UB",
      next: null,
    });
    expect(dutyDay("2026-01-10", { rotations: versions })).toMatchObject({
      onDuty: null,
      handedOverBy: "UB",
      next: null,
    });
  });

  it("across a leap day", () => {
    const leap = { startDate: "2028-02-27", members: ["UA", "UB", "UC"] };
    expect(
      dutySchedule("2028-02-28", 3, { rotations: [leap] }).map((d) => [d.date, d.onDuty]),
    ).toEqual([
      ["2028-02-28", "UB"],
      ["2028-02-29", "UC"],
      ["2028-03-01", "UA"],
    ]);
    expect(dutyDay("2028-02-29", { rotations: [leap] })).toMatchObject({
      handedOverBy: "UB",
      next: "UA",
    });
  });

  it("the schedule agrees with dutyDay day by day", () => {
    const versions = [abc, { startDate: "2026-02-01", members: ["UD", "UE"] }];
    const covers = [
      { date: "2026-01-31", userId: "UZ" },
      { date: "2026-02-02", userId: "UA" },
    ];
    for (const day of dutySchedule("2026-01-28", 10, { rotations: versions, covers })) {
      expect(day).toEqual(dutyDay(day.date, { rotations: versions, covers }));
    }
  });

  it("zero days is an empty schedule; a negative count or a bad date throws", () => {
    expect(dutySchedule("2026-01-05", 0, { rotations: [abc] })).toEqual([]);
    expect(() => dutySchedule("2026-01-05", -1, { rotations: [abc] })).toThrow(RangeError);
    expect(() => dutyOn("2026-02-30", { rotations: [abc] })).toThrow(RangeError);
    expect(() =>
      dutyOn("2026-02-01", { rotations: [{ startDate: "soon", members: ["UA"] }] }),
    ).toThrow(RangeError);
  });
});
