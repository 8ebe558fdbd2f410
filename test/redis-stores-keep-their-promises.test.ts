import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../reference-impl/clock.ts';
import { resolveServerOptions } from '../reference-impl/options.ts';
import { PubSubRouter } from '../reference-impl/redis/pubsub-router.ts';
import { RedisClients } from '../reference-impl/redis/redis-clients.ts';
import { RedisEventStore } from '../reference-impl/stores/redis-event-store.ts';
import { RedisJobStore } from '../reference-impl/stores/redis-job-store.ts';
import { RedisNotificationBus } from '../reference-impl/stores/redis-notification-bus.ts';
import { RedisSingleflight } from '../reference-impl/stores/redis-singleflight.ts';
import type { DeliveredNotification, JobRecord } from '../reference-impl/stores/types.ts';
import { RedisJournalStore } from '../reference-impl/workflow/redis-journal-store.ts';
import { REDIS_URL, describeWithRedis, dropPrefix, testPrefix } from './helpers/redis.ts';

const prefix = testPrefix();
let redis: RedisClients;
let router: PubSubRouter;

describeWithRedis('the Redis stores', () => {
  beforeAll(async () => {
    redis = new RedisClients(resolveServerOptions({ redisUrl: REDIS_URL, redisPrefix: prefix }));
    await redis.ready();
    router = new PubSubRouter(redis.subscriber);
  });
  afterAll(async () => {
    await redis.close();
    await dropPrefix(prefix);
  });

  it('job store: concurrent updates of different fields both land', async () => {
    const jobs = new RedisJobStore(redis, 60_000);
    const job = { id: 'j1', userId: 'u', status: 'queued', steps: [], warnings: [], acceptedAt: 1.5 } as unknown as JobRecord;
    await jobs.create([job]);
    await Promise.all([jobs.update('j1', { status: 'running' }), jobs.update('j1', { aiCalls: 2 }), jobs.appendSteps('j1', [{ name: 'a', startAt: 1, endAt: 2 }])]);
    expect(await jobs.get('j1')).toMatchObject({ status: 'running', aiCalls: 2, acceptedAt: 1.5, steps: [{ name: 'a' }] });
    expect(await jobs.get('missing')).toBeUndefined();
  });

  it('event store: one event per idempotency key, counted once', async () => {
    const events = new RedisEventStore(redis, 60_000);
    const event = { userId: 'u', name: 'Event', metadata: {} } as never;
    const [a, b] = await Promise.all([events.insert(event, 'k', Date.UTC(2027, 0, 1, 12)), events.insert(event, 'k', Date.UTC(2027, 0, 1, 12))]);
    expect(a.id).toBe(b.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await events.countToday('u', 'UTC', Date.UTC(2027, 0, 1, 20))).toBe(1);
    expect(await events.countToday('u', 'UTC', Date.UTC(2027, 0, 2, 1))).toBe(0);
  });

  it('journal: a workflow is created once and an entry completed once', async () => {
    const journal = new RedisJournalStore(redis, 60_000);
    const record = { id: 'w1', name: 'x', args: { a: 1 }, contentKey: 'k', status: 'running' as const, createdAt: 1 };
    expect(await journal.createWorkflow(record)).toBe(true);
    expect(await journal.createWorkflow(record)).toBe(false);
    expect(await journal.running()).toEqual(['w1']);
    const entry = { key: '0:extract', name: 'extract', args: { big: 'x'.repeat(1000) }, status: 'pending' as const, dispatchedAt: 1 };
    await journal.addEntries('w1', [entry, { ...entry, key: '1:upload', name: 'upload' }]);
    // Adding an existing entry again changes nothing.
    await journal.addEntries('w1', [{ ...entry, args: { other: true } }]);
    expect((await journal.entry('w1', '0:extract'))?.args).toEqual(entry.args);
    const done = await Promise.all([
      journal.completeEntry('w1', '0:extract', { status: 'succeeded', result: { n: 1 }, endedAt: 2 }),
      journal.completeEntry('w1', '0:extract', { status: 'failed', error: { name: 'E', message: 'm' }, endedAt: 3 }),
    ]);
    expect(done.filter((d) => d.completed)).toHaveLength(1);
    expect(done.map((d) => d.pending)).toEqual([1, 1]);
    expect(await journal.completeEntry('w1', '1:upload', { status: 'succeeded', result: null, endedAt: 4 })).toEqual({ completed: true, pending: 0 });
    expect(await journal.entry('w1', '0:extract')).toMatchObject({ key: '0:extract', args: entry.args, status: 'succeeded', result: { n: 1 } });
    expect((await journal.outcomes('w1')).map((e) => [e.key, e.name, e.status])).toEqual([
      ['0:extract', 'extract', 'succeeded'],
      ['1:upload', 'upload', 'succeeded'],
    ]);
    expect(await journal.getHeader('w1')).toEqual({ id: 'w1', name: 'x', contentKey: 'k', status: 'running' });
    expect(await journal.finishWorkflow('w1', { status: 'completed', result: 'ok' })).toBe(true);
    expect(await journal.finishWorkflow('w1', { status: 'failed' })).toBe(false);
    expect(await journal.getWorkflow('w1')).toMatchObject({ status: 'completed', result: 'ok', args: { a: 1 } });
    expect(await journal.running()).toEqual([]);
  });

  it('notification bus: a dedup key publishes once; Last-Event-ID replays in order', async () => {
    const bus = new RedisNotificationBus(redis, router, 100, 60_000, systemClock);
    const seen: DeliveredNotification[] = [];
    const stop = await bus.subscribe('u', (n) => seen.push(n));
    const n = { type: 'event.stored', jobId: 'j', eventId: 'e' } as const;
    const first = await bus.publish('u', n, 'j:stored');
    const again = await bus.publish('u', n, 'j:stored');
    const other = await bus.publish('u', { ...n, jobId: 'k' });
    expect(again).toEqual(first);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.map((x) => ('jobId' in x ? x.jobId : undefined))).toEqual(['j', 'k']);
    stop();
    const replayed: DeliveredNotification[] = [];
    const stopReplay = await bus.subscribe('u', (x) => replayed.push(x), first.id);
    expect(replayed.map((x) => x.id)).toEqual([other.id]);
    stopReplay();
  });

  it('singleflight: a failed holder lets a waiter run the work itself', async () => {
    const flight = new RedisSingleflight(redis, router, 1000);
    const other = new RedisSingleflight(redis, router, 1000);
    let runs = 0;
    const failing = flight.run('key-f', async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 100));
      throw new Error('provider down');
    });
    await new Promise((r) => setTimeout(r, 20));
    const waiting = other.run('key-f', async () => {
      runs++;
      return 'second try';
    });
    await expect(failing).rejects.toThrow('provider down');
    expect(await waiting).toEqual({ value: 'second try', shared: false });
    expect(runs).toBe(2);
  });
});
