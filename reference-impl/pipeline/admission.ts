import { AppError } from '../errors.ts';

/**
 * The bounded queue in front of the pipeline: images accepted and not yet ended (notified as
 * created or failed). Past the limit a request is refused at once with 503 and a Retry-After,
 * instead of piling up until timeouts or memory run out; what was accepted always ends.
 */
export class Admission {
  private readonly pending = new Set<string>();

  constructor(
    /** Images in flight at most; `Infinity` bounds nothing. */
    readonly limit: number,
    private readonly retryAfterS: number,
    private readonly onShed: (images: number) => void = () => {},
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /**
   * Refuses at once when not one more image fits: called before a request's body is read, so
   * shedding costs next to nothing (an overloaded server that parsed every body first would
   * spend its last CPU on requests it then refuses).
   */
  refuseIfFull(): void {
    if (this.pending.size >= this.limit) this.refuse(1);
  }

  /** Takes a slot per job, all or none; refuses with `overloaded` when they do not fit. */
  admit(jobIds: readonly string[]): void {
    if (this.pending.size + jobIds.length > this.limit) this.refuse(jobIds.length);
    for (const id of jobIds) this.pending.add(id);
  }

  private refuse(images: number): never {
    this.onShed(images);
    throw new AppError('overloaded', `${this.pending.size} images are in flight (the limit is ${this.limit}); retry after ${this.retryAfterS} s`, { 'retry-after': String(this.retryAfterS) });
  }

  /** Gives a job's slot back; a job it does not hold (another process accepted it) is ignored. */
  release(jobId: string): void {
    this.pending.delete(jobId);
  }
}
