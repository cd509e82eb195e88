/**
 * App Home's reads: each list capped (Home holds 100 blocks whatever the
 * team's size) with its full count for "and N more". Read-only: every state
 * change stays in its own feature's store.
 */
import type { Db } from "../../db/database.ts";
import type { LocalDate } from "../../shared/local-date.ts";

export interface HomePost {
  id: number;
  proposerId: string;
  text: string;
  platforms: string[];
  publishAt: Date;
  status: string;
}

export interface Capped<T> {
  items: T[];
  total: number;
}

const postSelect = {
  id: true,
  proposerId: true,
  text: true,
  platforms: true,
  publishAt: true,
  status: true,
} as const;

function toPost(row: Omit<HomePost, "platforms"> & { platforms: string }): HomePost {
  return { ...row, platforms: row.platforms === "" ? [] : row.platforms.split(",") };
}

async function capped<T>(rows: Promise<T[]>, count: Promise<number>): Promise<Capped<T>> {
  const [items, total] = await Promise.all([rows, count]);
  return { items, total };
}

/** Approved and pending posts to be published in [from, to), soonest first. */
export async function upcomingPosts(
  db: Db,
  teamId: string,
  from: Date,
  to: Date,
  take: number,
): Promise<Capped<HomePost>> {
  const where = {
    teamId,
    status: { in: ["approved", "pending"] },
    publishAt: { gte: from, lt: to },
  };
  return capped(
    db.proposal
      .findMany({ where, select: postSelect, orderBy: [{ publishAt: "asc" }, { id: "asc" }], take })
      .then((rows) => rows.map(toPost)),
    db.proposal.count({ where }),
  );
}

/** Pending proposals, the longest waiting first (the approver's list). */
export async function waitingForDecision(
  db: Db,
  teamId: string,
  take: number,
): Promise<Capped<HomePost>> {
  const where = { teamId, status: "pending" };
  return capped(
    db.proposal
      .findMany({
        where,
        select: postSelect,
        orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
        take,
      })
      .then((rows) => rows.map(toPost)),
    db.proposal.count({ where }),
  );
}

/** Pending posts without a visual that asked this designer for one, soonest first. */
export async function waitingForVisual(
  db: Db,
  teamId: string,
  designerId: string,
  take: number,
): Promise<Capped<HomePost>> {
  const where = {
    teamId,
    status: "pending",
    visuals: "[]",
    visualRequests: { some: { designerId, state: "open" } },
  };
  return capped(
    db.proposal
      .findMany({ where, select: postSelect, orderBy: [{ publishAt: "asc" }, { id: "asc" }], take })
      .then((rows) => rows.map(toPost)),
    db.proposal.count({ where }),
  );
}

export async function pendingCountBy(db: Db, teamId: string, proposerId: string): Promise<number> {
  return db.proposal.count({ where: { teamId, status: "pending", proposerId } });
}

export interface OpenCoverRequest {
  id: number;
  date: LocalDate;
  askerId: string;
}

/** Open cover requests for today or later, soonest first (who may take them is decided by the caller). */
export async function openCoverRequests(
  db: Db,
  teamId: string,
  from: LocalDate,
  take: number,
): Promise<OpenCoverRequest[]> {
  return db.webcareCoverRequest.findMany({
    where: { teamId, status: "open", date: { gte: from } },
    select: { id: true, date: true, askerId: true },
    orderBy: [{ date: "asc" }, { id: "asc" }],
    take,
  });
}
