import type { ProviderLimit } from '../latency/latency-profile.ts';

/**
 * A provider's limits as the mocks enforce them: at most `maxConcurrency` requests worked on at
 * once (the rest wait in line), and at most `requestsPerMinute` admitted per scaled minute
 * (the rest are refused, to be answered 429).
 */
export class ProviderLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly admittedAt: number[] = [];
  private readonly windowMs: number;

  constructor(
    private readonly limit: ProviderLimit | undefined,
    timeScale: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowMs = 60_000 * timeScale;
  }

  /** Admits a request under the rate limit, or says no. */
  admit(): boolean {
    const rpm = this.limit?.requestsPerMinute;
    if (rpm === undefined || this.windowMs === 0) return true;
    const now = this.now();
    while (this.admittedAt.length > 0 && (this.admittedAt[0] ?? 0) <= now - this.windowMs) this.admittedAt.shift();
    if (this.admittedAt.length >= rpm) return false;
    this.admittedAt.push(now);
    return true;
  }

  /** Waits for a free slot; call the returned function to free it. */
  async acquire(): Promise<() => void> {
    const max = this.limit?.maxConcurrency;
    if (max !== undefined && this.active >= max) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    return () => {
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, so `active` stays the same.
      if (next) next();
      else this.active--;
    };
  }

  get inFlight(): number {
    return this.active;
  }
}
