import type { Db, Tx } from "../../db/database.ts";
import { isUniqueViolation, recordAudit } from "../../db/audit.ts";
import { addDaysToLocalDate, type LocalDate } from "../../shared/local-date.ts";
import type { Absence, Cover, RotationKind } from "./rotation.ts";

export type RotationSeries = "main" | "weekend";

/** A saved rotation version with what the reminder needs besides the order. */
export interface StoredRotation {
  series: RotationSeries;
  /** daily | weekdays for the main series; weekend for the weekend series. */
  kind: RotationKind | "weekend";
  startDate: LocalDate;
  members: string[];
  handoverTime: string;
  channelId: string | null;
  setBy: string;
}

const rotationSelect = {
  series: true,
  kind: true,
  startDate: true,
  members: true,
  handoverTime: true,
  channelId: true,
  setBy: true,
};

/** Every version of the team's rotations (both series), oldest first. */
export async function listRotations(db: Db, teamId: string): Promise<StoredRotation[]> {
  const rows = await db.webcareRotation.findMany({
    where: { teamId },
    select: rotationSelect,
    orderBy: [{ startDate: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    ...row,
    series: row.series === "weekend" ? "weekend" : "main",
    kind: row.kind === "weekdays" ? "weekdays" : row.kind === "weekend" ? "weekend" : "daily",
    members: row.members === "" ? [] : row.members.split(","),
  }));
}

/**
 * Every team's rotations (both series), oldest first, grouped by team: one
 * query for the scheduler's "who is owed a hand-over" look, however many teams.
 */
export async function allRotations(db: Db): Promise<Map<string, StoredRotation[]>> {
  const rows = await db.webcareRotation.findMany({
    select: { ...rotationSelect, teamId: true },
    orderBy: [{ teamId: "asc" }, { startDate: "asc" }, { id: "asc" }],
  });
  const byTeam = new Map<string, StoredRotation[]>();
  for (const { teamId, ...row } of rows) {
    const list = byTeam.get(teamId) ?? [];
    list.push({
      ...row,
      series: row.series === "weekend" ? "weekend" : "main",
      kind: row.kind === "weekdays" ? "weekdays" : row.kind === "weekend" ? "weekend" : "daily",
      members: row.members === "" ? [] : row.members.split(","),
    });
    byTeam.set(teamId, list);
  }
  return byTeam;
}

/**
 * listRotations() for many teams in one query (a scheduled job's look at every
 * team due at once): each team's versions, oldest first, as listRotations
 * gives them; a team without any has an empty list.
 */
export async function rotationsOfTeams(
  db: Db,
  teamIds: readonly string[],
): Promise<Map<string, StoredRotation[]>> {
  const rows = await db.webcareRotation.findMany({
    where: { teamId: { in: [...teamIds] } },
    select: { ...rotationSelect, teamId: true },
    orderBy: [{ startDate: "asc" }, { id: "asc" }],
  });
  const byTeam = new Map<string, StoredRotation[]>(teamIds.map((id) => [id, []]));
  for (const { teamId, ...row } of rows) {
    byTeam.get(teamId)?.push({
      ...row,
      series: row.series === "weekend" ? "weekend" : "main",
      kind: row.kind === "weekdays" ? "weekdays" : row.kind === "weekend" ? "weekend" : "daily",
      members: row.members === "" ? [] : row.members.split(","),
    });
  }
  return byTeam;
}

/** Teams whose duty is mirrored in a Slack user group (their hand-over has one more step). */
export async function teamsWithGroupLink(db: Db): Promise<Set<string>> {
  const rows = await db.webcareGroupLink.findMany({ select: { teamId: true } });
  return new Set(rows.map((row) => row.teamId));
}

/** Teams that have set a rotation at least once. */
export async function teamsWithRotation(db: Db): Promise<string[]> {
  const rows = await db.webcareRotation.findMany({
    select: { teamId: true },
    distinct: ["teamId"],
    orderBy: { teamId: "asc" },
  });
  return rows.map((row) => row.teamId);
}

/**
 * Saves a version of one series starting on `startDate`; a second save of
 * the same series the same day replaces the first. Returns whether it replaced one.
 */
export async function saveRotation(
  db: Db,
  input: {
    teamId: string;
    series?: RotationSeries;
    kind?: RotationKind | "weekend";
    startDate: LocalDate;
    members: string[];
    handoverTime: string;
    channelId: string | null;
    actorId: string;
  },
): Promise<{ replaced: boolean }> {
  const series = input.series ?? "main";
  const kind = series === "weekend" ? "weekend" : (input.kind ?? "daily");
  return db.$transaction(async (tx) => {
    const key = {
      teamId_series_startDate: { teamId: input.teamId, series, startDate: input.startDate },
    };
    const existing = await tx.webcareRotation.findUnique({ where: key, select: { id: true } });
    const data = {
      kind,
      members: input.members.join(","),
      handoverTime: input.handoverTime,
      channelId: input.channelId,
      setBy: input.actorId,
    };
    if (existing) await tx.webcareRotation.update({ where: key, data });
    else
      await tx.webcareRotation.create({
        data: { teamId: input.teamId, series, startDate: input.startDate, ...data },
      });
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: series === "weekend" ? "webcare.weekend_set" : "webcare.rotation_set",
      subjectType: "webcare_rotation",
      subjectId: `${series}/${input.startDate}`,
      detail: {
        kind,
        members: input.members,
        handoverTime: input.handoverTime,
        channelId: input.channelId,
        replaced: existing !== null,
      },
    });
    return { replaced: existing !== null };
  });
}

// ---------------------------------------------------------------- covers

/** Covers on the days from `from` to `to`, both included. */
export async function listCovers(
  db: Db,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<Cover[]> {
  return db.webcareCover.findMany({
    where: { teamId, date: { gte: from, lte: to } },
    select: { date: true, userId: true },
    orderBy: { date: "asc" },
  });
}

/** listCovers() for many teams in one query; a team without any has an empty list. */
export async function coversOfTeams(
  db: Db,
  teamIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<Map<string, Cover[]>> {
  const rows = await db.webcareCover.findMany({
    where: { teamId: { in: [...teamIds] }, date: { gte: from, lte: to } },
    select: { teamId: true, date: true, userId: true },
    orderBy: { date: "asc" },
  });
  const byTeam = new Map<string, Cover[]>(teamIds.map((id) => [id, []]));
  for (const { teamId, ...cover } of rows) byTeam.get(teamId)?.push(cover);
  return byTeam;
}

/** One cover per day: a second one for the same day replaces the first. */
export async function saveCover(
  db: Db,
  input: { teamId: string; date: LocalDate; userId: string; actorId: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = { teamId_date: { teamId: input.teamId, date: input.date } };
    const existing = await tx.webcareCover.findUnique({ where: key, select: { userId: true } });
    if (existing) {
      await tx.webcareCover.update({
        where: key,
        data: { userId: input.userId, createdBy: input.actorId },
      });
    } else {
      await tx.webcareCover.create({
        data: {
          teamId: input.teamId,
          date: input.date,
          userId: input.userId,
          createdBy: input.actorId,
        },
      });
    }
    // A day now covered needs no more asking.
    await tx.webcareCoverRequest.updateMany({
      where: { openKey: `${input.teamId}/${input.date}` },
      data: { status: "closed", openKey: null },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "webcare.cover_set",
      subjectType: "webcare_cover",
      subjectId: input.date,
      detail: { userId: input.userId, replaced: existing?.userId ?? null },
    });
  });
}

// ---------------------------------------------------------------- absences

export interface StoredAbsence extends Absence {
  id: number;
}

/** Absences that overlap the days from `from` to `to` (both included), earliest first. */
export async function listAbsences(
  db: Db,
  teamId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<StoredAbsence[]> {
  const rows = await db.webcareAbsence.findMany({
    where: { teamId, toDate: { gte: from }, fromDate: { lte: to } },
    select: { id: true, userId: true, fromDate: true, toDate: true },
    orderBy: [{ fromDate: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    userId: row.userId,
    from: row.fromDate,
    to: row.toDate,
  }));
}

/** listAbsences() for many teams in one query; a team without any has an empty list. */
export async function absencesOfTeams(
  db: Db,
  teamIds: readonly string[],
  from: LocalDate,
  to: LocalDate,
): Promise<Map<string, StoredAbsence[]>> {
  const rows = await db.webcareAbsence.findMany({
    where: { teamId: { in: [...teamIds] }, toDate: { gte: from }, fromDate: { lte: to } },
    select: { teamId: true, id: true, userId: true, fromDate: true, toDate: true },
    orderBy: [{ fromDate: "asc" }, { id: "asc" }],
  });
  const byTeam = new Map<string, StoredAbsence[]>(teamIds.map((id) => [id, []]));
  for (const row of rows) {
    byTeam
      .get(row.teamId)
      ?.push({ id: row.id, userId: row.userId, from: row.fromDate, to: row.toDate });
  }
  return byTeam;
}

/** Absences ending today or later, earliest first. */
export async function listComingAbsences(
  db: Db,
  teamId: string,
  today: LocalDate,
): Promise<StoredAbsence[]> {
  return listAbsences(db, teamId, today, "9999-12-31");
}

export async function addAbsence(
  db: Db,
  input: { teamId: string; userId: string; from: LocalDate; to: LocalDate; actorId: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.webcareAbsence.create({
      data: {
        teamId: input.teamId,
        userId: input.userId,
        fromDate: input.from,
        toDate: input.to,
        createdBy: input.actorId,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "webcare.away_set",
      subjectType: "webcare_absence",
      subjectId: row.id,
      detail: { userId: input.userId, from: input.from, to: input.to },
    });
  });
}

/**
 * `/webcare back`: the person's absences stop before `today`. Absences that
 * had not begun are deleted, those under way end yesterday, past ones stay as
 * history. Returns how many absences changed.
 */
export async function endAbsences(
  db: Db,
  input: { teamId: string; userId: string; today: LocalDate; actorId: string },
): Promise<number> {
  return db.$transaction(async (tx) => {
    const where = { teamId: input.teamId, userId: input.userId };
    const removed = await tx.webcareAbsence.deleteMany({
      where: { ...where, fromDate: { gte: input.today } },
    });
    const shortened = await tx.webcareAbsence.updateMany({
      where: { ...where, fromDate: { lt: input.today }, toDate: { gte: input.today } },
      data: { toDate: addDaysToLocalDate(input.today, -1) },
    });
    const changed = removed.count + shortened.count;
    if (changed > 0) {
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.actorId,
        action: "webcare.back",
        subjectType: "webcare_absence",
        subjectId: input.userId,
        detail: { from: input.today, removed: removed.count, shortened: shortened.count },
      });
    }
    return changed;
  });
}

// ---------------------------------------------------------------- cover requests

export interface CoverRequest {
  id: number;
  teamId: string;
  date: LocalDate;
  askerId: string;
  status: "open" | "taken" | "closed";
  takenBy: string | null;
  takenAt: Date | null;
  /** Each copy of the request and the language it was written in (null: the team's). */
  messages: Array<{ channel: string; ts: string; lang: string | null }>;
}

const requestSelect = {
  id: true,
  teamId: true,
  date: true,
  askerId: true,
  status: true,
  takenBy: true,
  takenAt: true,
  messages: { select: { channel: true, ts: true, lang: true }, orderBy: { id: "asc" as const } },
};

function toRequest(row: {
  id: number;
  teamId: string;
  date: string;
  askerId: string;
  status: string;
  takenBy: string | null;
  takenAt: Date | null;
  messages: Array<{ channel: string; ts: string; lang: string | null }>;
}): CoverRequest {
  const status = row.status === "taken" ? "taken" : row.status === "closed" ? "closed" : "open";
  return { ...row, status };
}

export async function findCoverRequest(db: Db, id: number): Promise<CoverRequest | null> {
  const row = await db.webcareCoverRequest.findUnique({ where: { id }, select: requestSelect });
  return row ? toRequest(row) : null;
}

/**
 * Opens a request for `date`, or returns the one already open for that day
 * (`created: false`): a day is asked for once at a time.
 */
export async function openCoverRequest(
  db: Db,
  input: { teamId: string; date: LocalDate; askerId: string },
): Promise<{ request: CoverRequest; created: boolean }> {
  const openKey = `${input.teamId}/${input.date}`;
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.webcareCoverRequest.create({
        data: { teamId: input.teamId, date: input.date, askerId: input.askerId, openKey },
        select: requestSelect,
      });
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.askerId,
        action: "webcare.cover_asked",
        subjectType: "webcare_cover_request",
        subjectId: created.id,
        detail: { date: input.date },
      });
      return created;
    });
    return { request: toRequest(row), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await db.webcareCoverRequest.findUnique({
      where: { openKey },
      select: requestSelect,
    });
    // Taken or closed between the two statements: the caller may simply ask again.
    if (!row) throw error;
    return { request: toRequest(row), created: false };
  }
}

export async function addCoverRequestMessage(
  db: Db,
  requestId: number,
  message: { channel: string; ts: string; lang: string },
): Promise<void> {
  await db.webcareCoverRequestMessage.create({ data: { requestId, ...message } });
}

/** Closes a request that reached nobody, so the day can be asked for again. */
export async function closeCoverRequest(db: Db, requestId: number): Promise<void> {
  await db.webcareCoverRequest.updateMany({
    where: { id: requestId, status: "open" },
    data: { status: "closed", openKey: null },
  });
}

/**
 * The click that takes the day. One conditional UPDATE (`WHERE status =
 * 'open'`) decides: whoever changes the row wins, every other click —
 * simultaneous, retried, on another replica — changes nothing. The winner's
 * cover is written in the same transaction. Returns true for the winner only.
 */
export async function takeCoverRequest<T>(
  db: Db,
  input: { requestId: number; teamId: string; date: LocalDate; userId: string; at: Date },
  /** What the win owes (the outbox rows), written in the same transaction. */
  owe: (tx: Tx) => Promise<T>,
): Promise<T | null> {
  return db.$transaction(async (tx) => {
    const won = await tx.webcareCoverRequest.updateMany({
      where: { id: input.requestId, status: "open" },
      data: { status: "taken", openKey: null, takenBy: input.userId, takenAt: input.at },
    });
    if (won.count !== 1) return null;
    const key = { teamId_date: { teamId: input.teamId, date: input.date } };
    await tx.webcareCover.upsert({
      where: key,
      create: {
        teamId: input.teamId,
        date: input.date,
        userId: input.userId,
        createdBy: input.userId,
      },
      update: { userId: input.userId, createdBy: input.userId },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.userId,
      action: "webcare.cover_taken",
      subjectType: "webcare_cover_request",
      subjectId: input.requestId,
      detail: { date: input.date },
    });
    return owe(tx);
  });
}

// ---------------------------------------------------------------- the duty group

export interface GroupLink {
  id: number;
  usergroupId: string;
  handle: string;
  setBy: string;
}

export async function findGroupLink(db: Db, teamId: string): Promise<GroupLink | null> {
  return db.webcareGroupLink.findUnique({
    where: { teamId },
    select: { id: true, usergroupId: true, handle: true, setBy: true },
  });
}

export async function saveGroupLink(
  db: Db,
  input: { teamId: string; usergroupId: string; handle: string; actorId: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.webcareGroupLink.deleteMany({ where: { teamId: input.teamId } });
    await tx.webcareGroupLink.create({
      data: {
        teamId: input.teamId,
        usergroupId: input.usergroupId,
        handle: input.handle,
        setBy: input.actorId,
      },
    });
    await recordAudit(tx, {
      teamId: input.teamId,
      actorId: input.actorId,
      action: "webcare.group_linked",
      subjectType: "webcare_group",
      subjectId: input.usergroupId,
      detail: { handle: input.handle },
    });
  });
}

/** Unlinks the group; with `linkId`, only that link (a newer one set meanwhile stays). */
export async function deleteGroupLink(
  db: Db,
  input: { teamId: string; actorId: string; linkId?: number; reason?: string },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const deleted = await tx.webcareGroupLink.deleteMany({
      where: { teamId: input.teamId, ...(input.linkId !== undefined ? { id: input.linkId } : {}) },
    });
    if (deleted.count > 0) {
      await recordAudit(tx, {
        teamId: input.teamId,
        actorId: input.actorId,
        action: "webcare.group_unlinked",
        subjectType: "webcare_group",
        subjectId: input.teamId,
        detail: { reason: input.reason ?? "off" },
      });
    }
    return deleted.count > 0;
  });
}

// ---------------------------------------------------------------- the scheduler's set-based reads

/**
 * Every team's covers and absences around the days from `from` to `to`, one
 * query each however many teams (the scheduler's "who is owed what" look).
 */
export async function plansAround(
  db: Db,
  from: LocalDate,
  to: LocalDate,
): Promise<{ covers: Map<string, Cover[]>; absences: Map<string, StoredAbsence[]> }> {
  const [coverRows, absenceRows] = await Promise.all([
    db.webcareCover.findMany({
      where: { date: { gte: from, lte: to } },
      select: { teamId: true, date: true, userId: true },
      orderBy: [{ teamId: "asc" }, { date: "asc" }],
    }),
    db.webcareAbsence.findMany({
      where: { toDate: { gte: from }, fromDate: { lte: to } },
      select: { id: true, teamId: true, userId: true, fromDate: true, toDate: true },
      orderBy: [{ teamId: "asc" }, { fromDate: "asc" }, { id: "asc" }],
    }),
  ]);
  const covers = new Map<string, Cover[]>();
  for (const { teamId, ...cover } of coverRows) {
    covers.set(teamId, [...(covers.get(teamId) ?? []), cover]);
  }
  const absences = new Map<string, StoredAbsence[]>();
  for (const row of absenceRows) {
    const absence = { id: row.id, userId: row.userId, from: row.fromDate, to: row.toDate };
    absences.set(row.teamId, [...(absences.get(row.teamId) ?? []), absence]);
  }
  return { covers, absences };
}

/** Every team's linked user group (teamId → usergroup id), in one query. */
export async function groupLinksByTeam(db: Db): Promise<Map<string, string>> {
  const rows = await db.webcareGroupLink.findMany({ select: { teamId: true, usergroupId: true } });
  return new Map(rows.map((row) => [row.teamId, row.usergroupId]));
}
