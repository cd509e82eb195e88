import type { Lang } from "./lang.ts";

/**
 * The languages of people this process looked up lately, kept in memory so
 * that an answer which must not touch the database (the "busy" answer, given
 * in the acknowledgement when the process is full) can still be in the
 * person's language. Bounded: the oldest entry goes first.
 */
export class RecentLanguages {
  private readonly entries = new Map<string, Lang>();

  constructor(private readonly capacity = 10_000) {}

  remember(teamId: string, userId: string, lang: Lang): void {
    const key = `${teamId}/${userId}`;
    this.entries.delete(key);
    this.entries.set(key, lang);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Forgets a person's language (it changed in Slack). */
  forget(teamId: string, userId: string): void {
    this.entries.delete(`${teamId}/${userId}`);
  }

  /** The language last seen for this person, or undefined. */
  get(teamId: string, userId: string): Lang | undefined {
    return this.entries.get(`${teamId}/${userId}`);
  }
}
