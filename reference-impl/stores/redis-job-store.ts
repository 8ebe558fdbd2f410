import { fromFields, toFields } from '../redis/hash-fields.ts';
import { redisCall, type RedisClients } from '../redis/redis-clients.ts';
import type { BatchRecord, JobRecord, JobStore, StepTiming } from './types.ts';

/**
 * Jobs and batches as Redis hashes, one field per record field (JSON), so processes updating
 * different fields of one job never overwrite each other. Step timings are a list per job.
 */
export class RedisJobStore implements JobStore {
  constructor(
    private readonly redis: RedisClients,
    private readonly retentionMs: number,
  ) {}

  async create(jobs: readonly JobRecord[], batch?: BatchRecord): Promise<void> {
    const tx = this.redis.command.multi();
    for (const { steps, ...job } of jobs) {
      tx.hset(this.jobKey(job.id), toFields(job));
      tx.pexpire(this.jobKey(job.id), this.retentionMs);
      if (steps.length > 0) tx.rpush(this.stepsKey(job.id), ...steps.map((s) => JSON.stringify(s)));
    }
    if (batch) {
      tx.hset(this.batchKey(batch.id), toFields(batch));
      tx.pexpire(this.batchKey(batch.id), this.retentionMs);
    }
    await redisCall(() => tx.exec());
  }

  async get(id: string, options: { steps?: boolean } = {}): Promise<JobRecord | undefined> {
    const withSteps = options.steps ?? true;
    const [fields, steps] = await redisCall(async () => {
      if (!withSteps) return [await this.redis.command.hgetall(this.jobKey(id)), []] as const;
      const result = await this.redis.command.multi().hgetall(this.jobKey(id)).lrange(this.stepsKey(id), 0, -1).exec();
      return [result?.[0]?.[1] as Record<string, string>, result?.[1]?.[1] as string[]] as const;
    });
    if (!fields || Object.keys(fields).length === 0) return undefined;
    return { ...(fromFields(fields) as Omit<JobRecord, 'steps'>), steps: (steps ?? []).map((s) => JSON.parse(s) as StepTiming) };
  }

  async update(id: string, patch: Partial<JobRecord>, appendSteps: readonly StepTiming[] = []): Promise<void> {
    const { steps: _steps, ...fields } = patch;
    const tx = this.redis.command.multi();
    if (Object.keys(fields).length > 0) tx.hset(this.jobKey(id), toFields(fields));
    if (appendSteps.length > 0) {
      tx.rpush(this.stepsKey(id), ...appendSteps.map((s) => JSON.stringify(s)));
      tx.pexpire(this.stepsKey(id), this.retentionMs);
    }
    if (tx.length > 0) await redisCall(() => tx.exec());
  }

  async appendSteps(id: string, steps: readonly StepTiming[]): Promise<void> {
    if (steps.length === 0) return;
    await redisCall(() =>
      this.redis.command
        .multi()
        .rpush(this.stepsKey(id), ...steps.map((s) => JSON.stringify(s)))
        .pexpire(this.stepsKey(id), this.retentionMs)
        .exec(),
    );
  }

  async getBatch(id: string): Promise<BatchRecord | undefined> {
    const fields = await redisCall(() => this.redis.command.hgetall(this.batchKey(id)));
    return Object.keys(fields).length === 0 ? undefined : (fromFields(fields) as unknown as BatchRecord);
  }

  async updateBatch(id: string, patch: Partial<BatchRecord>): Promise<void> {
    await redisCall(() => this.redis.command.hset(this.batchKey(id), toFields(patch)));
  }

  private jobKey(id: string): string {
    return this.redis.key('job', id);
  }

  private stepsKey(id: string): string {
    return this.redis.key('job', id, 'steps');
  }

  private batchKey(id: string): string {
    return this.redis.key('batch', id);
  }
}
