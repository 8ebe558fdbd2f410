import { setTimeout as sleep } from 'node:timers/promises';
import { drawDelayMs, drawFault, toWallMs } from './latency-model.ts';
import type { Dependency, LatencyProfile } from './latency-profile.ts';

/**
 * The I/O side of the latency model: draws a delay and waits it out at the time scale.
 * Every injected millisecond in the server passes through here or through the mocks.
 */
export class LatencyInjector {
  constructor(
    readonly profile: LatencyProfile,
    readonly seed: number,
    readonly timeScale: number,
  ) {}

  /** The delay of one attempt, in profile ms; pure. */
  draw(dependency: Dependency, contentKey: string, attempt = 0): number {
    return drawDelayMs(this.profile, dependency, { seed: this.seed, contentKey, attempt });
  }

  /** The injected error status of one attempt, if any; pure. */
  fault(dependency: Dependency, contentKey: string, attempt = 0): number | undefined {
    return drawFault(this.profile, dependency, { seed: this.seed, contentKey, attempt });
  }

  /** Waits the drawn delay (scaled) and returns it in profile ms. */
  async wait(dependency: Dependency, contentKey: string, attempt = 0): Promise<number> {
    const profileMs = this.draw(dependency, contentKey, attempt);
    await this.sleepProfileMs(profileMs);
    return profileMs;
  }

  /** Sleeps `profileMs` at the time scale; zero returns without yielding to a timer. */
  async sleepProfileMs(profileMs: number): Promise<void> {
    const wallMs = toWallMs(profileMs, this.timeScale);
    if (wallMs > 0) await sleep(wallMs);
  }
}
