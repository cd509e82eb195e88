import { describe, expect, it } from "vitest";
import {
  dailyDueInstant,
  dueDailyPeriod,
  dueWeeklyPeriod,
  localDateAt,
  parseHHMM,
  weekStartOf,
} from "../../src/scheduler/due.ts";
import { addDaysToLocalDate } from "../../src/shared/local-date.ts";

const at = (iso: string): Date => new Date(iso);
const before = (iso: string): Date => new Date(new Date(iso).getTime() - 1);

describe("parseHHMM", () => {
  it.each([
    ["09:00", { hour: 9, minute: 0 }],
    ["9:00", { hour: 9, minute: 0 }],
    ["00:00", { hour: 0, minute: 0 }],
    ["23:59", { hour: 23, minute: 59 }],
    ["07:05", { hour: 7, minute: 5 }],
  ])("%j → %j", (value, expected) => {
    expect(parseHHMM(value)).toEqual(expected);
  });

  it.each([
    "24:00",
    "12:60",
    "9",
    "09:0",
    "0900",
    "09:00:00",
    " 09:00",
    "09:00 ",
    "-1:00",
    "9h00",
    "",
    "١٢:٠٠",
  ])("%j is not a time", (value) => {
    expect(parseHHMM(value)).toBeNull();
  });
});

describe("dailyDueInstant", () => {
  it.each([
    // An ordinary day, in four kinds of zone.
    ["2026-06-01", "09:00", "UTC", "2026-06-01T09:00:00.000Z"],
    ["2026-01-15", "09:00", "Europe/Paris", "2026-01-15T08:00:00.000Z"],
    ["2026-07-15", "09:00", "Europe/Paris", "2026-07-15T07:00:00.000Z"],
    ["2026-01-15", "09:00", "Asia/Kolkata", "2026-01-15T03:30:00.000Z"],
    ["2026-01-15", "00:00", "Asia/Kolkata", "2026-01-14T18:30:00.000Z"],
    ["2026-01-15", "23:59", "America/Los_Angeles", "2026-01-16T07:59:00.000Z"],
    // Europe/Paris springs forward at 02:00 on 2026-03-29: 02:00–02:59 do not exist.
    ["2026-03-29", "01:59", "Europe/Paris", "2026-03-29T00:59:00.000Z"],
    ["2026-03-29", "02:00", "Europe/Paris", "2026-03-29T01:00:00.000Z"],
    ["2026-03-29", "02:30", "Europe/Paris", "2026-03-29T01:00:00.000Z"],
    ["2026-03-29", "02:59", "Europe/Paris", "2026-03-29T01:00:00.000Z"],
    ["2026-03-29", "03:00", "Europe/Paris", "2026-03-29T01:00:00.000Z"],
    ["2026-03-29", "09:00", "Europe/Paris", "2026-03-29T07:00:00.000Z"],
    // …and falls back at 03:00 on 2026-10-25: 02:00–02:59 happen twice; the first counts.
    ["2026-10-25", "01:59", "Europe/Paris", "2026-10-24T23:59:00.000Z"],
    ["2026-10-25", "02:00", "Europe/Paris", "2026-10-25T00:00:00.000Z"],
    ["2026-10-25", "02:30", "Europe/Paris", "2026-10-25T00:30:00.000Z"],
    ["2026-10-25", "03:00", "Europe/Paris", "2026-10-25T02:00:00.000Z"],
    ["2026-10-25", "09:00", "Europe/Paris", "2026-10-25T08:00:00.000Z"],
    // America/New_York: forward at 02:00 on 2026-03-08, back at 02:00 on 2026-11-01.
    ["2026-03-08", "02:30", "America/New_York", "2026-03-08T07:00:00.000Z"],
    ["2026-03-08", "09:00", "America/New_York", "2026-03-08T13:00:00.000Z"],
    ["2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["2026-11-01", "09:00", "America/New_York", "2026-11-01T14:00:00.000Z"],
    // Lord Howe moves by 30 minutes, not an hour.
    ["2026-10-04", "02:15", "Australia/Lord_Howe", "2026-10-03T15:30:00.000Z"],
    ["2026-04-05", "01:45", "Australia/Lord_Howe", "2026-04-04T14:45:00.000Z"],
    // Samoa skipped 2011-12-30 entirely: the first valid time after is midnight on the 31st.
    ["2011-12-30", "09:00", "Pacific/Apia", "2011-12-30T10:00:00.000Z"],
  ])("%s %s in %s is %s", (date, hhmm, zone, expected) => {
    expect(dailyDueInstant(date, hhmm, zone).toISOString()).toBe(expected);
  });

  it("refuses a bad date, time or zone", () => {
    expect(() => dailyDueInstant("2026-02-30", "09:00", "UTC")).toThrow(RangeError);
    expect(() => dailyDueInstant("2026-02-01", "25:00", "UTC")).toThrow(RangeError);
    expect(() => dailyDueInstant("2026-02-01", "09:00", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("dueDailyPeriod: today's job from its time to the end of the local day", () => {
  it.each([
    // [now, hh:mm, zone, due]
    ["2026-01-15T08:59:59.999Z", "09:00", "UTC", null],
    ["2026-01-15T09:00:00.000Z", "09:00", "UTC", "2026-01-15"],
    ["2026-01-15T23:59:59.999Z", "09:00", "UTC", "2026-01-15"], // catch-up, late the same day
    ["2026-01-16T00:00:00.000Z", "09:00", "UTC", null], // yesterday's is never returned
    ["2026-01-16T08:59:00.000Z", "09:00", "UTC", null], // next morning, before the hand-over
    // Paris, the spring-forward day: 09:00 local is 07:00Z.
    ["2026-03-29T06:59:59.999Z", "09:00", "Europe/Paris", null],
    ["2026-03-29T07:00:00.000Z", "09:00", "Europe/Paris", "2026-03-29"],
    // A hand-over time inside the gap is due at 03:00 local (01:00Z).
    ["2026-03-29T00:59:00.000Z", "02:30", "Europe/Paris", null],
    ["2026-03-29T01:00:00.000Z", "02:30", "Europe/Paris", "2026-03-29"],
    // Fall-back: due at the first 02:30 (00:30Z), still due at the second (01:30Z) — the ledger stops a repeat.
    ["2026-10-25T00:29:00.000Z", "02:30", "Europe/Paris", null],
    ["2026-10-25T00:30:00.000Z", "02:30", "Europe/Paris", "2026-10-25"],
    ["2026-10-25T01:30:00.000Z", "02:30", "Europe/Paris", "2026-10-25"],
    // Paris midnight is 23:00Z the day before in winter: the local day decides.
    ["2026-01-15T23:30:00.000Z", "00:15", "Europe/Paris", "2026-01-16"],
    ["2026-01-15T22:59:00.000Z", "09:00", "Europe/Paris", "2026-01-15"],
    ["2026-01-15T23:00:00.000Z", "09:00", "Europe/Paris", null],
    // New York, both changes.
    ["2026-03-08T12:59:00.000Z", "09:00", "America/New_York", null],
    ["2026-03-08T13:00:00.000Z", "09:00", "America/New_York", "2026-03-08"],
    ["2026-11-01T13:59:00.000Z", "09:00", "America/New_York", null],
    ["2026-11-01T14:00:00.000Z", "09:00", "America/New_York", "2026-11-01"],
    // Kolkata, +05:30.
    ["2026-01-15T03:29:00.000Z", "09:00", "Asia/Kolkata", null],
    ["2026-01-15T03:30:00.000Z", "09:00", "Asia/Kolkata", "2026-01-15"],
    ["2026-01-15T18:29:00.000Z", "09:00", "Asia/Kolkata", "2026-01-15"],
    ["2026-01-15T18:30:00.000Z", "09:00", "Asia/Kolkata", null],
  ])("at %s (%s %s): %s", (now, hhmm, zone, expected) => {
    expect(dueDailyPeriod(at(now), hhmm, zone)).toBe(expected);
  });

  it("the due instant itself is due, one millisecond before is not", () => {
    const due = dailyDueInstant("2026-03-29", "09:00", "Europe/Paris");
    expect(dueDailyPeriod(due, "09:00", "Europe/Paris")).toBe("2026-03-29");
    expect(dueDailyPeriod(before(due.toISOString()), "09:00", "Europe/Paris")).toBeNull();
  });

  it.each(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"])(
    "every day of 2026 in %s: due from the hand-over until local midnight, never before",
    (zone) => {
      for (let day = "2026-01-01"; day < "2027-01-01"; day = addDaysToLocalDate(day, 1)) {
        const due = dailyDueInstant(day, "09:00", zone);
        const midnight = dailyDueInstant(addDaysToLocalDate(day, 1), "00:00", zone);
        expect(localDateAt(due, zone)).toBe(day);
        expect(dueDailyPeriod(new Date(due.getTime() - 1), "09:00", zone)).toBeNull();
        expect(dueDailyPeriod(due, "09:00", zone)).toBe(day);
        expect(dueDailyPeriod(new Date(midnight.getTime() - 1), "09:00", zone)).toBe(day);
        expect(dueDailyPeriod(midnight, "09:00", zone)).toBeNull();
      }
    },
  );
});

describe("weekly digest", () => {
  it("weekStartOf gives the ISO Monday", () => {
    expect(weekStartOf("2026-03-23")).toBe("2026-03-23");
    expect(weekStartOf("2026-03-29")).toBe("2026-03-23");
    expect(weekStartOf("2026-03-30")).toBe("2026-03-30");
  });

  it.each([
    // Default: Monday 09:00, Europe/Paris. The week of 2026-03-16 ends on Sunday 2026-03-22.
    [
      "Sunday 23:59 local: the week before's digest is still the one due",
      "2026-03-22T22:59:00Z",
      1,
      "09:00",
      "Europe/Paris",
      "2026-03-09",
    ],
    [
      "Monday 00:00 local: a new week, its digest not yet due",
      "2026-03-22T23:00:00Z",
      1,
      "09:00",
      "Europe/Paris",
      null,
    ],
    ["Monday 08:59 local", "2026-03-23T07:59:00Z", 1, "09:00", "Europe/Paris", null],
    ["Monday 09:00 local", "2026-03-23T08:00:00Z", 1, "09:00", "Europe/Paris", "2026-03-16"],
    ["Wednesday, catching up", "2026-03-25T12:00:00Z", 1, "09:00", "Europe/Paris", "2026-03-16"],
    // The week of the spring-forward (Sunday 2026-03-29) ends; Sunday 23:59 local is 21:59Z.
    [
      "Sunday 23:59 local, end of the catch-up window",
      "2026-03-29T21:59:00Z",
      1,
      "09:00",
      "Europe/Paris",
      "2026-03-16",
    ],
    [
      "the next Monday 08:59 local (after DST, +02:00)",
      "2026-03-30T06:59:00Z",
      1,
      "09:00",
      "Europe/Paris",
      null,
    ],
    [
      "the next Monday 09:00 local (after DST, +02:00)",
      "2026-03-30T07:00:00Z",
      1,
      "09:00",
      "Europe/Paris",
      "2026-03-23",
    ],
    // Digest on Friday 17:00: this week's Friday reports the week before.
    ["Friday 16:59 local", "2026-03-27T15:59:00Z", 5, "17:00", "Europe/Paris", null],
    ["Friday 17:00 local", "2026-03-27T16:00:00Z", 5, "17:00", "Europe/Paris", "2026-03-16"],
    [
      "Saturday after a Friday digest",
      "2026-03-28T10:00:00Z",
      5,
      "17:00",
      "Europe/Paris",
      "2026-03-16",
    ],
    ["Monday before a Friday digest", "2026-03-30T10:00:00Z", 5, "17:00", "Europe/Paris", null],
    // Sunday digest, in a zone behind UTC: Sunday 20:00 EDT is Monday 00:00Z.
    ["Sunday 19:59 New York", "2026-03-29T23:59:00Z", 7, "20:00", "America/New_York", null],
    ["Sunday 20:00 New York", "2026-03-30T00:00:00Z", 7, "20:00", "America/New_York", "2026-03-16"],
    [
      "Sunday 23:59 New York (Monday in UTC)",
      "2026-03-30T03:59:00Z",
      7,
      "20:00",
      "America/New_York",
      "2026-03-16",
    ],
    // The fall-back week in New York: Monday 2026-11-02 09:00 EST is 14:00Z.
    ["Monday 08:59 EST", "2026-11-02T13:59:00Z", 1, "09:00", "America/New_York", null],
    ["Monday 09:00 EST", "2026-11-02T14:00:00Z", 1, "09:00", "America/New_York", "2026-10-26"],
    ["UTC across the new year", "2027-01-04T09:00:00Z", 1, "09:00", "UTC", "2026-12-28"],
  ])("%s", (_, now, isoDay, hhmm, zone, expected) => {
    expect(dueWeeklyPeriod(at(now), isoDay, hhmm, zone)).toBe(expected);
  });

  it("refuses a day outside 1–7", () => {
    expect(() => dueWeeklyPeriod(at("2026-03-23T08:00:00Z"), 0, "09:00", "UTC")).toThrow(
      RangeError,
    );
    expect(() => dueWeeklyPeriod(at("2026-03-23T08:00:00Z"), 8, "09:00", "UTC")).toThrow(
      RangeError,
    );
  });
});
