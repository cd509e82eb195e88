import type { Db } from "../../db/database.ts";
import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import { DEFAULT_HANDOVER_TIME } from "./parse.ts";
import { dutySchedule, versionOn, type DutyDay, type DutyPlan } from "./rotation.ts";
import {
  absencesOfTeams,
  coversOfTeams,
  listAbsences,
  listCovers,
  listRotations,
  rotationsOfTeams,
  type StoredRotation,
} from "./store.ts";

/** Where and when duty is handed over: the main rotation's settings, else the defaults. */
export interface HandoverSettings {
  handoverTime: string;
  channelId: string | null;
  /** Who set the rotation (told about problems when the team has no manager). */
  setBy: string | null;
}

export interface DutyView {
  /** Every saved version, both series, oldest first. */
  rotations: StoredRotation[];
  plan: DutyPlan;
  days: DutyDay[];
  /** The main version in force on the first day (else the latest), with its settings. */
  settings: HandoverSettings;
}

/** The duty rule's input built from stored rows. */
export function planOf(
  rotations: readonly StoredRotation[],
  extra: Pick<DutyPlan, "absences" | "covers"> = {},
): DutyPlan {
  return {
    rotations: rotations
      .filter((rotation) => rotation.series === "main")
      .map((rotation) => ({
        startDate: rotation.startDate,
        members: rotation.members,
        kind: rotation.kind === "weekdays" ? "weekdays" : "daily",
      })),
    weekends: rotations
      .filter((rotation) => rotation.series === "weekend")
      .map((rotation) => ({ startDate: rotation.startDate, members: rotation.members })),
    ...extra,
  };
}

/** The hand-over time and channel in force on `date`. */
export function settingsOn(
  date: LocalDate,
  rotations: readonly StoredRotation[],
): HandoverSettings {
  const main = rotations.filter((rotation) => rotation.series === "main");
  const version = versionOn(date, main) ?? main.at(-1) ?? null;
  return {
    handoverTime: version?.handoverTime ?? DEFAULT_HANDOVER_TIME,
    channelId: version?.channelId ?? null,
    setBy: version?.setBy ?? rotations.at(-1)?.setBy ?? null,
  };
}

/** How far around the asked days the rule looks (for "handed over by" and "next"). */
const MARGIN_DAYS = 8;

/** The whole plan (rotations, absences and covers) around the days from `from` to `to`. */
export async function loadPlan(
  db: Db,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<{ rotations: StoredRotation[]; plan: DutyPlan }> {
  const [start, end] = [
    addDaysToLocalDate(from, -MARGIN_DAYS),
    addDaysToLocalDate(to, MARGIN_DAYS),
  ];
  const [rotations, covers, absences] = await Promise.all([
    listRotations(db, teamId),
    listCovers(db, teamId, start, end),
    listAbsences(db, teamId, start, end),
  ]);
  return { rotations, plan: planOf(rotations, { covers, absences }) };
}

/** loadPlan() for many teams at once: three queries however many teams. */
export async function loadPlans(
  db: Db,
  teamIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<Map<string, { rotations: StoredRotation[]; plan: DutyPlan }>> {
  const [start, end] = [
    addDaysToLocalDate(from, -MARGIN_DAYS),
    addDaysToLocalDate(to, MARGIN_DAYS),
  ];
  const [rotations, covers, absences] = await Promise.all([
    rotationsOfTeams(db, teamIds),
    coversOfTeams(db, teamIds, start, end),
    absencesOfTeams(db, teamIds, start, end),
  ]);
  return new Map(
    teamIds.map((teamId) => {
      const own = rotations.get(teamId) ?? [];
      const plan = planOf(own, {
        covers: covers.get(teamId) ?? [],
        absences: absences.get(teamId) ?? [],
      });
      return [teamId, { rotations: own, plan }];
    }),
  );
}

/** Loads what the rules need and asks them for `days` duty days from `from`. */
export async function loadDuty(
  db: Db,
  teamId: string,
  from: LocalDate,
  days: number,
): Promise<DutyView> {
  const { rotations, plan } = await loadPlan(
    db,
    teamId,
    from,
    addDaysToLocalDate(from, Math.max(days - 1, 0)),
  );
  return {
    rotations,
    plan,
    days: dutySchedule(from, days, plan),
    settings: settingsOn(from, rotations),
  };
}
