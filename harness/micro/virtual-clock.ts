interface Timer {
  atMs: number;
  seq: number;
  fire: () => void;
}

/**
 * A clock that only moves when everything waits on it: `sleep()` registers a timer, and `run()`
 * lets all pending promise work settle, then jumps to the earliest timer and fires it. Durations
 * are exact and cost no wall time, so a schedule's makespan can be read off `nowMs`.
 */
export class VirtualClock {
  nowMs = 0;
  private readonly timers: Timer[] = [];
  private seq = 0;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ atMs: this.nowMs + ms, seq: this.seq++, fire: resolve });
    });
  }

  /** Runs `main` to its end on this clock; throws if it waits on anything but the clock. */
  async run<T>(main: () => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    main().then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    for (;;) {
      // A macrotask runs only once every queued microtask has: all that can move without time has moved.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (outcome) break;
      const next = this.popEarliest();
      if (!next) throw new Error('VirtualClock: the work waits on something other than this clock');
      this.nowMs = next.atMs;
      next.fire();
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  private popEarliest(): Timer | undefined {
    let best = -1;
    this.timers.forEach((t, i) => {
      const b = this.timers[best];
      if (!b || t.atMs < b.atMs || (t.atMs === b.atMs && t.seq < b.seq)) best = i;
    });
    return best < 0 ? undefined : this.timers.splice(best, 1)[0];
  }
}
