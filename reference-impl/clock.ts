/** The server's time source, injectable so tests can fix "today". */
export interface Clock {
  /** Epoch milliseconds with sub-millisecond resolution, monotonic within a process. */
  now(): number;
}

/** Epoch-based and monotonic: comparable across processes on one machine, never steps back. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
};

/** A clock that always says `epochMs` plus the time since it was made; for tests. */
export function fixedClock(epochMs: number): Clock {
  const start = performance.now();
  return { now: () => epochMs + (performance.now() - start) };
}
