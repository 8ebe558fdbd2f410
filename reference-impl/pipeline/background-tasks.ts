/** Work started off the critical path (async notifications), tracked so shutdown and tests can wait for it. */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  track(work: Promise<unknown>): void {
    const tracked = work.catch(this.onError).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  get size(): number {
    return this.running.size;
  }
}
