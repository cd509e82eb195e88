import type { Lang } from "./lang.ts";

/**
 * How long a language this process looked up is trusted for an answer given
 * in the acknowledgement itself (`/greenlight help`, usage lines), without
 * reading the database. Short, because the database is the truth and this
 * process may not see its changes: a person's `/greenlight language` choice
 * made through another replica, or a Slack locale another replica read
 * again, reach this process only at its next lookup. Five minutes bounds how
 * long such an answer can come in the previous language; a choice made
 * through this process is seen at once (`remember` on the change).
 */
export const RECENT_TRUST_MS = 5 * 60 * 1000;

interface Entry {
  lang: Lang;
  /** Epoch ms until which `trusted` returns it; 0 when never. */
  trustedUntil: number;
}

/**
 * The languages of people this process looked up lately, kept in memory so
 * that an answer which must not touch the database (the "busy" answer, given
 * in the acknowledgement when the process is full) can still be in the
 * person's language, and so that answers known at once (help, usage lines)
 * can go in the acknowledgement while the lookup is recent. Bounded: the
 * entry remembered longest ago goes first.
 */
export class RecentLanguages {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 10_000) {}

  /**
   * Remembers a person's language. `trustedUntil` (epoch ms) is how long it
   * may stand in for a lookup (see `trusted`); without it, it serves only
   * the answers that cannot look anything up (busy, failures).
   */
  remember(teamId: string, userId: string, lang: Lang, trustedUntil = 0): void {
    const key = `${teamId}/${userId}`;
    this.entries.delete(key);
    this.entries.set(key, { lang, trustedUntil });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Forgets a person's language (it changed in Slack). */
  forget(teamId: string, userId: string): void {
    this.entries.delete(`${teamId}/${userId}`);
  }

  /** The language last seen for this person, however old, or undefined. */
  get(teamId: string, userId: string): Lang | undefined {
    return this.entries.get(`${teamId}/${userId}`)?.lang;
  }

  /**
   * The language last seen for this person while it is still trusted in
   * place of a lookup (see RECENT_TRUST_MS), else undefined: the caller
   * looks it up.
   */
  trusted(teamId: string, userId: string, now: Date): Lang | undefined {
    const entry = this.entries.get(`${teamId}/${userId}`);
    return entry && now.getTime() < entry.trustedUntil ? entry.lang : undefined;
  }
}
