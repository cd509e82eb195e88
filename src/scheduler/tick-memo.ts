/**
 * Reads shared by the jobs of one scheduler tick: the jobs run one after the
 * other with the same `now`, and several need the same set-based reads (every
 * team's schedule, every rotation). The scheduler gives each tick a fresh
 * memo (`deps.tickMemo`); a job run on its own (`jobs run`, tests) has none
 * and reads everything itself. Only reads that find candidates go through it;
 * the ledger, which decides who sends, is always read fresh.
 */
export type TickMemo = Map<string, Promise<unknown>>;

export function memoized<T>(
  memo: TickMemo | undefined,
  key: string,
  read: () => Promise<T>,
): Promise<T> {
  if (!memo) return read();
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const value = read();
  memo.set(key, value);
  // A failed read is not kept: the next job of the tick reads again.
  value.catch(() => memo.delete(key));
  return value;
}
