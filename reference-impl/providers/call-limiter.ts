/**
 * A client-side bound on calls to a provider: at most `maxConcurrency` in flight, and at most
 * `perMinute` started in any sliding minute (0: no rate limit). Calls over either bound wait
 * their turn, in order; none is refused. The clock is injectable so the window can be tested.
 */
export class CallLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly starts: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxConcurrency: number,
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs = 60_000,
  ) {}

  /** Calls in flight now, and calls waiting for a turn. */
  get inFlight(): number {
    return this.active;
  }
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      return await call();
    } finally {
      this.active--;
      this.pump();
    }
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.active < this.maxConcurrency) {
      const wait = this.rateWaitMs();
      if (wait > 0) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.active++;
      if (this.perMinute > 0) this.starts.push(this.now());
      this.waiting.shift()!();
    }
  }

  /** How long until the next call may start under the per-minute bound. */
  private rateWaitMs(): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    while (this.starts.length > 0 && this.starts[0]! <= now - this.windowMs) this.starts.shift();
    return this.starts.length < this.perMinute ? 0 : this.starts[0]! + this.windowMs - now;
  }
}
