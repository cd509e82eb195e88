/**
 * What a scheduler remembers from one tick to the next: "this job owes
 * nothing before `until`, as long as ScheduleChange's version stays `stamp`".
 * A job that found nothing owed (every key settled for good, nothing held by
 * a live claim) notes the earliest instant something can next fall due (the
 * next hand-over, in each team's timezone and with its DST rules); later
 * ticks skip the job's reads until then, or until any of its inputs changes
 * (the stamp moves with every write to them, from any replica or the CLI:
 * see the ScheduleChange model).
 *
 * Per process and per scheduler: a replica that was not told anything simply
 * reads again at `until`. Never more than MAX_QUIET_MS either, so even an
 * input forgotten by the triggers could only delay work that long.
 */
export const MAX_QUIET_MS = 60 * 60_000;

export class QuietMemo {
  readonly #entries = new Map<string, { stamp: number; from: number; until: number }>();

  /** True when `topic` noted nothing owed before a later instant, with the same stamp. */
  holds(topic: string, stamp: number | null | undefined, now: Date): boolean {
    const entry = this.#entries.get(topic);
    if (!entry || stamp === null || stamp === undefined) return false;
    // A clock set back (tests, `--at`) is not in the window either.
    const at = now.getTime();
    if (entry.stamp !== stamp || at < entry.from || at >= entry.until) {
      this.#entries.delete(topic);
      return false;
    }
    return true;
  }

  /**
   * Nothing owed for `topic` at `now`, nor before `until` while the stamp
   * stays the same (null `until`: nothing can fall due at all until a change).
   */
  note(topic: string, stamp: number | null | undefined, now: Date, until: Date | null): void {
    if (stamp === null || stamp === undefined) return;
    const cap = now.getTime() + MAX_QUIET_MS;
    this.#entries.set(topic, {
      stamp,
      from: now.getTime(),
      until: Math.min(until?.getTime() ?? cap, cap),
    });
  }

  /** Forgets `topic` (the job found something owed, or failed). */
  forget(topic: string): void {
    this.#entries.delete(topic);
  }
}
