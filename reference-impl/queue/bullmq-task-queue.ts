import { Queue, Worker } from 'bullmq';
import { redisCall, type RedisClients } from '../redis/redis-clients.ts';
import type { TaskQueue } from './task-queue.ts';

export interface BullTaskQueueOptions {
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** Attempts of one task: a task whose worker died or whose store was down runs again. */
const ATTEMPTS = 10;

/**
 * A task queue on BullMQ: tasks live in Redis, so any process's worker may run them, and a task
 * whose worker died (its lock lapsed) is run again by another. Delays are BullMQ delayed jobs.
 */
export class BullTaskQueue<T> implements TaskQueue<T> {
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private running = 0;

  constructor(
    private readonly name: string,
    private readonly redis: RedisClients,
    private readonly options: BullTaskQueueOptions,
    private readonly onError: (error: unknown, task: T) => void = () => {},
  ) {
    this.queue = new Queue(name, { connection: redis.forQueue(), prefix: this.prefix });
  }

  async enqueue(task: T, delayWallMs: number, id?: string): Promise<void> {
    await redisCall(
      () =>
      this.queue.add('task', task, {
        // BullMQ ignores an add whose job id exists (waiting, delayed or active).
        ...(id === undefined ? {} : { jobId: id }),
        delay: Math.max(0, Math.round(delayWallMs)),
        attempts: ATTEMPTS,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      }),
      this.redis.commandTimeoutMs,
    );
  }

  process(handler: (task: T) => Promise<void>): void {
    this.worker = new Worker(
      this.name,
      async (job) => {
        this.running++;
        try {
          await handler(job.data as T);
        } catch (error) {
          this.onError(error, job.data as T);
          throw error;
        } finally {
          this.running--;
        }
      },
      {
        connection: this.redis.forQueue(),
        prefix: this.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockDurationMs,
        stalledInterval: this.options.stalledIntervalMs,
        maxStalledCount: ATTEMPTS,
      },
    );
    this.worker.on('error', () => {});
  }

  abandon(): void {
    void this.worker?.close(true);
  }

  /** Stops taking tasks and waits for the running ones to finish (SIGTERM). */
  async drain(): Promise<void> {
    // Pause first: it aborts the worker's blocking fetch, so no task is taken while running ones end.
    await this.worker?.pause();
    await this.worker?.close();
  }

  isIdle(): boolean {
    return this.running === 0;
  }

  /** Nothing running here and nothing waiting, delayed or active in the queue (any process). */
  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
      if (this.running === 0 && Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }

  private get prefix(): string {
    return `${this.redis.prefix}:bull`;
  }
}
