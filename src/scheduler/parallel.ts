import { POSTGRES_POOL_SIZE } from "../db/database.ts";

/**
 * Teams worked on at once by one job run in one process. Each team's calls go
 * through its own Slack client (own token, own rate pacing), so a team that
 * waits out a 429 or fails holds one slot, never the others.
 *
 * Bounded by the database pool: a team's work runs its queries one after the
 * other, so at most this many are in flight; two connections stay free for
 * requests (and the pool's 5 s wait for a connection is never reached by the
 * scheduler alone). Jobs of one tick run one after the other.
 */
export const TEAM_CONCURRENCY = Math.max(1, POSTGRES_POOL_SIZE - 2);

/** Runs `work` for every item, at most `limit` at a time; resolves when all have settled. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * At most `limit` pieces of work at once, the others waiting in order: for
 * the database steps of work that otherwise waits on Slack, so that many
 * teams can wait on Slack at once while their queries stay within the pool.
 */
export class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
