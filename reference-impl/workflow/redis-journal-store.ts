import { fromFields, toFields } from '../redis/hash-fields.ts';
import { redisCall, type RedisClients } from '../redis/redis-clients.ts';
import type { EntryOutcome, EntryStatus, JournalEntry, JournalStore, WorkflowHeader, WorkflowRecord } from './journal.ts';

/** Creates a workflow once. KEYS: record, running set. ARGV: id, retention, then field/value pairs. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`;

/** Finishes a running workflow once. KEYS: record, running set. ARGV: id, status, outcome JSON. */
const FINISH = `
if redis.call('HGET', KEYS[1], 'status') ~= '"running"' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'outcome', ARGV[3])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`;

/**
 * Completes a pending entry once and counts what is still pending, atomically.
 * KEYS: statuses, outcomes. ARGV: entry key, status, outcome JSON, retention. Returns {completed, pending}.
 */
const COMPLETE = `
local completed = 0
if redis.call('HGET', KEYS[1], ARGV[1]) == 'pending' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
  completed = 1
end
local pending = 0
for _, status in ipairs(redis.call('HVALS', KEYS[1])) do
  if status == 'pending' then pending = pending + 1 end
end
return {completed, pending}
`;

/**
 * The workflow journal in Redis: a hash per workflow record; per workflow, the entries' calls
 * (their arguments, the image included, stored again as the original engine did), their statuses
 * and their outcomes in three hashes, so a status flips atomically without rewriting the rest.
 */
export class RedisJournalStore implements JournalStore {
  constructor(
    private readonly redis: RedisClients,
    private readonly retentionMs: number,
  ) {}

  async createWorkflow(record: WorkflowRecord): Promise<boolean> {
    const { result: _result, error: _error, ...rest } = record;
    const pairs = Object.entries(toFields(rest)).flat();
    const created = await redisCall(() => this.redis.command.eval(CREATE, 2, this.key(record.id), this.runningKey, record.id, String(this.retentionMs), ...pairs));
    return created === 1;
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | undefined> {
    const fields = await redisCall(() => this.redis.command.hgetall(this.key(id)));
    if (Object.keys(fields).length === 0) return undefined;
    const { outcome, ...rest } = fields;
    return { ...(fromFields(rest) as unknown as WorkflowRecord), ...(outcome ? (JSON.parse(outcome) as object) : {}) };
  }

  async getHeader(id: string): Promise<WorkflowHeader | undefined> {
    const [name, contentKey, status] = await redisCall(() => this.redis.command.hmget(this.key(id), 'name', 'contentKey', 'status'));
    if (name === null || name === undefined) return undefined;
    return { id, name: JSON.parse(name), contentKey: JSON.parse(contentKey ?? '""'), status: JSON.parse(status ?? '"running"') };
  }

  async finishWorkflow(id: string, patch: Pick<WorkflowRecord, 'status' | 'result' | 'error'>): Promise<boolean> {
    const outcome = JSON.stringify({ result: patch.result, error: patch.error });
    const done = await redisCall(() => this.redis.command.eval(FINISH, 2, this.key(id), this.runningKey, id, JSON.stringify(patch.status), outcome));
    return done === 1;
  }

  async outcomes(workflowId: string): Promise<EntryOutcome[]> {
    const result = await redisCall(() => this.redis.command.multi().hgetall(this.key(workflowId, 'statuses')).hgetall(this.key(workflowId, 'outcomes')).exec());
    const [statuses = {}, outcomes = {}] = (result ?? []).map(([, value]) => value as Record<string, string>);
    return toOutcomes(statuses, outcomes);
  }

  async snapshot(workflowId: string) {
    const result = await redisCall(() =>
      this.redis.command
        .multi()
        .hmget(this.key(workflowId), 'name', 'contentKey', 'status')
        .hgetall(this.key(workflowId, 'statuses'))
        .hgetall(this.key(workflowId, 'outcomes'))
        .exec(),
    );
    const [[name, contentKey, status] = [], statuses = {}, outcomes = {}] = (result ?? []).map(([, value]) => value) as [
      (string | null)[],
      Record<string, string>,
      Record<string, string>,
    ];
    if (!name) return undefined;
    const header: WorkflowHeader = { id: workflowId, name: JSON.parse(name), contentKey: JSON.parse(contentKey ?? '""'), status: JSON.parse(status ?? '"running"') };
    return { header, outcomes: toOutcomes(statuses, outcomes) };
  }

  async entry(workflowId: string, key: string): Promise<JournalEntry | undefined> {
    const result = await redisCall(() => this.redis.command.multi().hget(this.key(workflowId, 'calls'), key).hget(this.key(workflowId, 'statuses'), key).hget(this.key(workflowId, 'outcomes'), key).exec());
    const [call, status, outcome] = (result ?? []).map(([, value]) => value as string | null);
    if (!call) return undefined;
    return { ...(JSON.parse(call) as Omit<JournalEntry, 'status'>), status: (status ?? 'pending') as EntryStatus, ...(outcome ? (JSON.parse(outcome) as object) : {}) };
  }

  async addEntries(workflowId: string, entries: readonly JournalEntry[]): Promise<void> {
    const tx = this.redis.command.multi();
    for (const { status, result: _result, error: _error, endedAt: _endedAt, ...call } of entries) {
      tx.hsetnx(this.key(workflowId, 'statuses'), call.key, status).hsetnx(this.key(workflowId, 'calls'), call.key, JSON.stringify(call));
    }
    tx.pexpire(this.key(workflowId, 'statuses'), this.retentionMs).pexpire(this.key(workflowId, 'calls'), this.retentionMs);
    await redisCall(() => tx.exec());
  }

  async completeEntry(workflowId: string, key: string, patch: Pick<JournalEntry, 'status' | 'result' | 'error' | 'endedAt'>) {
    const { status, ...outcome } = patch;
    const [completed, pending] = (await redisCall(() =>
      this.redis.command.eval(COMPLETE, 2, this.key(workflowId, 'statuses'), this.key(workflowId, 'outcomes'), key, status, JSON.stringify(outcome), String(this.retentionMs)),
    )) as [number, number];
    return { completed: completed === 1, pending };
  }

  async running(): Promise<string[]> {
    return redisCall(() => this.redis.command.smembers(this.runningKey));
  }

  private key(id: string, ...parts: string[]): string {
    return this.redis.key('workflow', id, ...parts);
  }

  private get runningKey(): string {
    return this.redis.key('workflows-running');
  }
}

/** Entries from their status and outcome hashes. Keys are `<position>:<step name>`. Pure. */
function toOutcomes(statuses: Record<string, string>, outcomes: Record<string, string>): EntryOutcome[] {
  return Object.entries(statuses).map(([key, status]) => ({
    key,
    name: key.slice(key.indexOf(':') + 1),
    status: status as EntryStatus,
    ...(outcomes[key] ? (JSON.parse(outcomes[key]) as object) : {}),
  }));
}
