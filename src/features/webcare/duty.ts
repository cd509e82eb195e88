import type { Db } from "../../db/database.ts";
import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { dutySchedule, type DutyDay } from "./rotation.ts";
import { listCovers, listRotations, type StoredRotation } from "./store.ts";

export interface DutyView {
  rotations: StoredRotation[];
  days: DutyDay[];
  /** The version in force on the first day (its hand-over time and channel), if any. */
  current: StoredRotation | null;
}

/** Loads what the rules need and asks them for `days` duty days from `from`. */
export async function loadDuty(
  db: Db,
  teamId: string,
  from: LocalDate,
  days: number,
): Promise<DutyView> {
  const rotations = await listRotations(db, teamId);
  const covers = await listCovers(
    db,
    teamId,
    addDaysToLocalDate(from, -1),
    addDaysToLocalDate(from, days),
  );
  return {
    rotations,
    days: dutySchedule(from, days, rotations, covers),
    current: versionOn(from, rotations),
  };
}

/** The version in force on `date`: the last one started on or before it. */
export function versionOn(date: LocalDate, rotations: StoredRotation[]): StoredRotation | null {
  let found: StoredRotation | null = null;
  for (const rotation of rotations) if (rotation.startDate <= date) found = rotation;
  return found;
}
