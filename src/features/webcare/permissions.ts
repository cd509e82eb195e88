import type { DutyDay } from "./rotation.ts";

/**
 * Who may change whose webcare day — pure rules; the listener reads the facts
 * (the day's duty from the database, the manager check) on every request.
 */

export type CoverVerdict =
  | { ok: true }
  /** Nobody's day and not the taker: only a manager could. */
  | { ok: false; reason: "notAllowed" }
  /** The day is already covered by someone else: only they (or a manager) hand it on. */
  | { ok: false; reason: "heldByOther"; holder: string };

/**
 * `/webcare cover @taker DATE` by `actorId`, managers aside: the person whose
 * day it is (on duty now, or the rotation's person) may give it to anyone;
 * the taker may take a day nobody covers yet. A day someone already covers is
 * theirs: taking it from them needs them or a manager.
 */
export function judgeCover(input: {
  actorId: string;
  takerId: string;
  day: DutyDay;
}): CoverVerdict {
  const { actorId, takerId, day } = input;
  if (day.onDuty === actorId) return { ok: true };
  if (day.scheduled === actorId && !day.coveredBy) return { ok: true };
  if (takerId === actorId) {
    if (day.coveredBy && day.onDuty && day.onDuty !== actorId) {
      return { ok: false, reason: "heldByOther", holder: day.onDuty };
    }
    return { ok: true };
  }
  return { ok: false, reason: "notAllowed" };
}

/** `/webcare away @user` and `/webcare back @user`: the person themselves, or a manager. */
export function mayMarkAway(actorId: string, userId: string): boolean {
  return actorId === userId;
}

export type TakeVerdict = { ok: true } | { ok: false; reason: "own" | "notMember" | "away" };

/**
 * An "I'll cover" click: any member of the rotations in force that day, other
 * than the asker, who is not away that day. Whether the request is still open
 * is decided by the claim itself, not here.
 */
export function judgeTake(input: {
  clickerId: string;
  askerId: string;
  members: readonly string[];
  clickerAway: boolean;
}): TakeVerdict {
  if (input.clickerId === input.askerId) return { ok: false, reason: "own" };
  if (!input.members.includes(input.clickerId)) return { ok: false, reason: "notMember" };
  if (input.clickerAway) return { ok: false, reason: "away" };
  return { ok: true };
}
