/**
 * A queue of tasks run after a delay by a handler, at most `concurrency` at once. The memory
 * implementation is the default; a BullMQ one fills the same interface.
 */
export interface TaskQueue<T> {
  /**
   * Runs `task` after `delayWallMs` (the modelled scheduler hop), once a slot is free. With an
   * `id`, a task with that id already waiting or running makes this a no-op.
   */
  enqueue(task: T, delayWallMs: number, id?: string): Promise<void>;
  /** Starts taking tasks. */
  process(handler: (task: T) => Promise<void>): void;
  /** Stops taking tasks: waiting and delayed ones are dropped, as a crashed process drops them. */
  abandon(): void;
  /** Resolves when nothing is waiting, delayed or running. */
  idle(): Promise<void>;
  /** True when nothing is waiting, delayed or running now. */
  isIdle(): boolean;
  /** Stops taking tasks and waits for the running ones to finish (graceful shutdown). */
  drain(): Promise<void>;
  /** Releases the queue's connections. */
  close(): Promise<void>;
}

/** In-process queue: timers for delays, a FIFO for waiting tasks, a counter for slots. */
export class MemoryTaskQueue<T> implements TaskQueue<T> {
  private handler: ((task: T) => Promise<void>) | undefined;
  private readonly waiting: T[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private abandoned = false;
  private readonly live = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (error: unknown, task: T) => void = () => {},
  ) {}

  private readonly ids = new WeakMap<object, string>();

  async enqueue(task: T, delayWallMs: number, id?: string): Promise<void> {
    if (this.abandoned) return;
    if (id !== undefined) {
      if (this.live.has(id)) return;
      this.live.add(id);
      this.ids.set(task as object, id);
    }
    if (delayWallMs <= 0) {
      this.waiting.push(task);
      this.pump();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.abandoned) return;
      this.waiting.push(task);
      this.pump();
    }, delayWallMs);
    this.timers.add(timer);
  }

  process(handler: (task: T) => Promise<void>): void {
    this.handler = handler;
    this.pump();
  }

  abandon(): void {
    this.abandoned = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    this.live.clear();
    this.settleIdle();
  }

  async drain(): Promise<void> {
    // In memory, a delayed or waiting task would be lost if dropped: let everything finish.
    await this.idle();
  }

  async close(): Promise<void> {}

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.running === 0 && this.waiting.length === 0 && this.timers.size === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler) return;
    while (this.running < this.concurrency && this.waiting.length > 0 && !this.abandoned) {
      const task = this.waiting.shift() as T;
      this.running++;
      handler(task)
        .catch((error: unknown) => this.onError(error, task))
        .finally(() => {
          const id = this.ids.get(task as object);
          if (id !== undefined) this.live.delete(id);
          this.running--;
          this.pump();
          this.settleIdle();
        });
    }
  }
}
