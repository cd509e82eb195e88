/**
 * A seeded team for the benchmarks: roles, a webcare rotation, proposals in
 * every state spread over the past and the coming weeks (with their
 * decisions), and weekly metrics. Written straight into the database with
 * Prisma (the app's own schema), in batches.
 */
import { addDays, format, startOfISOWeek } from "date-fns";
import { openDatabase, type Db } from "../src/db/database.ts";
import { copyDatabase, tempPostgres, tempSqlite, type TempDatabase } from "./support.ts";

export interface SeedSpec {
  proposals: number;
  weeksOfMetrics: number;
  /** Proposals spread from this many days ago … */
  pastDays: number;
  /** … to this many days ahead. */
  futureDays: number;
}

export const LARGE_TEAM: SeedSpec = {
  proposals: 20_000,
  weeksOfMetrics: 100,
  pastDays: 700,
  futureDays: 60,
};

/** A mid-size team: what the ack and load benchmarks run their /calendar month on. */
export const BUSY_TEAM: SeedSpec = {
  proposals: 2_000,
  weeksOfMetrics: 20,
  pastDays: 120,
  futureDays: 60,
};

export const SEED_PEOPLE = {
  manager: "U_ALICE",
  approver: "U_BOB",
  creators: ["U_CAROL", "U_DAVE"],
};

const PLATFORMS = ["x", "linkedin", "instagram", "facebook"];
const GOALS = ["awareness", "engagement", "leads", "customer_service", "traffic"];
const DAY = 24 * 3600_000;
const BATCH = 1_000;

/** The sentences seeded posts are made of (see `seededText`). */
const SENTENCES = [
  "Our new collection is in stores this week, and we could not be prouder of it.",
  "Every piece was designed in our studio and made by partners we have worked with for years.",
  "Come and see it for yourself: the first hundred visitors get a tote bag made from last season's fabric.",
  "Thank you to everyone who sent us feedback on the samples, you shaped this more than you know.",
  "Tag us in your photos and we will share our favourites on Friday.",
  "We are hiring! Our customer team is looking for two people who love talking to customers as much as we do.",
  "Doors open at 9:00 on Saturday, with coffee on us until noon.",
  "Questions about sizes, delivery or returns? Send us a message, we answer within the hour.",
];

/**
 * A seeded post's text, the same for the same n on every run: a few
 * sentences with a blank line after every third (as LinkedIn posts are
 * written), to a length from about 100 to 1,500 characters, spread evenly
 * over the posts. Real posts run 150–1,500 characters; a month of 75-character
 * posts made every read and render of post texts look cheaper than it is.
 */
export function seededText(n: number): string {
  // 7,919 is prime: consecutive posts' lengths are spread over the range, not ascending.
  const target = 100 + ((n * 7_919) % 1_401);
  let text = `Seeded post ${n}: ${SENTENCES[n % SENTENCES.length]}`;
  for (let i = 1; ; i += 1) {
    const next = SENTENCES[(n + i) % SENTENCES.length] as string;
    const separator = i % 3 === 0 ? "\n\n" : " ";
    if (text.length + separator.length + next.length > target) break;
    text += separator + next;
  }
  return `${text}\n\n#greenlight`;
}

/** A deterministic pseudo-random sequence (the same team on every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export async function seedTeam(db: Db, teamId: string, spec: SeedSpec, now: Date): Promise<void> {
  const rnd = random(42);
  const { manager, approver, creators } = SEED_PEOPLE;
  await db.team.upsert({
    where: { id: teamId },
    create: { id: teamId, timezone: "Europe/Amsterdam", timezoneSource: "settings" },
    update: {},
  });
  await db.roleAssignment.createMany({
    data: [
      { teamId, userId: manager, role: "manager", assignedBy: manager },
      {
        teamId,
        userId: approver,
        role: "approver",
        exclusiveRole: "approver",
        assignedBy: manager,
      },
      ...creators.map((userId) => ({ teamId, userId, role: "creator", assignedBy: manager })),
    ],
  });
  await db.webcareRotation.create({
    data: {
      teamId,
      startDate: format(addDays(now, -spec.pastDays), "yyyy-MM-dd"),
      members: [manager, ...creators].join(","),
      setBy: manager,
    },
  });

  const span = (spec.pastDays + spec.futureDays) * DAY;
  const start = now.getTime() - spec.pastDays * DAY;
  for (let done = 0; done < spec.proposals; done += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, spec.proposals - done) }, (_, i) => {
      const publishAt = new Date(start + ((done + i + rnd()) / spec.proposals) * span);
      const submittedAt = new Date(publishAt.getTime() - (1 + rnd() * 6) * DAY);
      const future = publishAt.getTime() > now.getTime();
      const pick = rnd();
      const status = future
        ? pick < 0.5
          ? "pending"
          : "approved"
        : pick < 0.75
          ? "approved"
          : pick < 0.85
            ? "rejected"
            : pick < 0.95
              ? "expired"
              : "withdrawn";
      const submitted = submittedAt.getTime() < now.getTime() ? submittedAt : now;
      return {
        teamId,
        proposerId: creators[(done + i) % creators.length] as string,
        text: seededText(done + i),
        platforms: PLATFORMS.slice(0, 1 + Math.floor(rnd() * 3)).join(","),
        publishAt,
        goal: GOALS[Math.floor(rnd() * GOALS.length)] as string,
        contentType: "text",
        status,
        firstProposedAt: submitted,
        submittedAt: submitted,
      };
    });
    const created = await db.proposal.createManyAndReturn({
      data: rows,
      select: { id: true, status: true, submittedAt: true },
    });
    const decided = created.filter((p) => p.status === "approved" || p.status === "rejected");
    if (decided.length > 0) {
      await db.decision.createMany({
        data: decided.map((p) => ({
          proposalId: p.id,
          round: 1,
          outcome: p.status,
          deciderId: approver,
          submittedAt: p.submittedAt,
          decidedAt: new Date(Math.min(now.getTime(), p.submittedAt.getTime() + 3 * 3600_000)),
        })),
      });
    }
  }

  const thisWeek = startOfISOWeek(now);
  const metrics = [];
  for (let week = 1; week <= spec.weeksOfMetrics; week += 1) {
    const weekStart = format(addDays(thisWeek, -7 * week), "yyyy-MM-dd");
    for (const platform of PLATFORMS) {
      const impressions = 5_000 + Math.floor(rnd() * 20_000);
      metrics.push({
        teamId,
        platform,
        weekStart,
        reach: Math.floor(impressions * 0.7),
        impressions,
        engagements: Math.floor(impressions * 0.04),
        clicks: Math.floor(impressions * 0.01),
        conversions: Math.floor(impressions * 0.001),
        followersGained: Math.floor(rnd() * 200),
        loggedBy: manager,
      });
    }
    metrics.push({
      teamId,
      platform: "webcare",
      weekStart,
      responseMinutes: 10 + Math.floor(rnd() * 50),
      satisfaction: 3 + Math.round(rnd() * 20) / 10,
      loggedBy: manager,
    });
  }
  for (let i = 0; i < metrics.length; i += BATCH) {
    await db.metricsEntry.createMany({ data: metrics.slice(i, i + BATCH) });
  }
}

/** The team id the fake Slack uses by default: seeded data belongs to it. */
export const SEED_TEAM = "T0GREEN";

const templates = new Map<string, Promise<TempDatabase>>();

/**
 * A fresh database of this kind holding a seeded team. The team is seeded
 * once per run and spec into a template (seeding 20,000 proposals through
 * Prisma takes seconds), then copied: the SQLite file, or PostgreSQL's
 * CREATE DATABASE … TEMPLATE. Templates are dropped by `dropSeedTemplates`.
 */
export async function seededDatabase(
  kind: "SQLite" | "PostgreSQL",
  spec: SeedSpec,
  now: Date,
): Promise<TempDatabase> {
  const key = `${kind}:${JSON.stringify(spec)}`;
  let template = templates.get(key);
  if (!template) {
    template = (async () => {
      const temp = kind === "SQLite" ? tempSqlite() : await tempPostgres();
      const database = await openDatabase(temp.url);
      const started = performance.now();
      await seedTeam(database.db, SEED_TEAM, spec, now);
      await database.close();
      console.log(
        `  seeded a team of ${spec.proposals} proposals and ${spec.weeksOfMetrics} weeks of metrics on ${kind} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      return temp;
    })();
    templates.set(key, template);
  }
  return copyDatabase(await template);
}

export async function dropSeedTemplates(): Promise<void> {
  for (const template of templates.values()) await (await template).drop();
  templates.clear();
}
