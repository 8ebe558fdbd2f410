import { afterEach, describe, expect, it } from 'vitest';
import { parseImageRequest } from '../reference-impl/http/parse-request.ts';
import { loadFlyerCatalog } from '../reference-impl/mocks/flyer-catalog.ts';
import { resolveServerOptions } from '../reference-impl/options.ts';
import { createServices, type Services } from '../reference-impl/services.ts';
import { MemoryEventStore } from '../reference-impl/stores/memory-event-store.ts';
import type { DeliveredNotification } from '../reference-impl/stores/types.ts';
import { fixedProfile } from './helpers/profiles.ts';

const catalog = loadFlyerCatalog();
const flyer = catalog.events()[0]!;
const options = resolveServerOptions({ logLevel: 'silent' });
// Hops and the insert take long enough to crash inside them.
const profile = fixedProfile({ 'workflow.hop': 40, 'db.insert': 40, 'ai.event': 10, 'ai.metadata': 10 });
const opened: Services[] = [];

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function crashAndResume(crashPoint: (first: Services, jobId: string) => Promise<boolean>) {
  const events = new MemoryEventStore();
  const first = await createServices(options, { profile, events });
  opened.push(first);
  const notifications: DeliveredNotification[] = [];
  await first.deps.bus.subscribe('crash-user', (n) => notifications.push(n));
  const submission = parseImageRequest({ path: 'workflow', base64Image: catalog.base64(flyer), timezone: 'UTC', userId: 'crash-user' }, options);
  const jobId = await first.dispatcher.submitImage(submission);
  await until(() => crashPoint(first, jobId), 'the crash point');
  first.crash();

  // A successor process: same stores (they are the durable part), a new engine and queues.
  const second = await createServices(options, {
    profile,
    events,
    mocks: first.mocks!,
    jobs: first.deps.jobs,
    journal: first.journal,
    bus: first.deps.bus,
    cache: first.deps.cache,
  });
  opened.push(second);
  expect(await second.engine.recover()).toBe(1);
  await until(async () => (await second.deps.jobs.get(jobId))?.notifiedAt !== undefined, 'the resumed job to notify');
  await second.idle();
  // The first process's abandoned step may still be running; let it end before counting.
  await first.idle();
  const job = await second.deps.jobs.get(jobId);
  return { job: job!, events: events.all(), notifications: notifications.filter((n) => n.type === 'event.created') };
}

describe('a workflow interrupted', () => {
  it('between steps (insert journaled, notify not yet dispatched) resumes and creates one event', async () => {
    const result = await crashAndResume(async (first, jobId) =>
      (await first.journal.outcomes(jobId)).some((e) => e.name === 'insert' && e.status === 'succeeded'),
    );
    expect(result.job.status).toBe('succeeded');
    expect(result.events).toHaveLength(1);
    expect(result.events[0]!.name).toBe(flyer.expected.event.name);
    expect(result.notifications).toHaveLength(1);
  });

  it('inside the insert step (event written, journal not) resumes without a second event', async () => {
    const result = await crashAndResume(async (first, jobId) =>
      (await first.journal.outcomes(jobId)).some((e) => e.name === 'insert' && e.status === 'pending'),
    );
    expect(result.job.status).toBe('succeeded');
    expect(result.events).toHaveLength(1);
    expect(result.job.eventId).toBe(result.events[0]!.id);
    expect(result.notifications).toHaveLength(1);
  });

  it('before extraction finished, runs the rest on the successor', async () => {
    const result = await crashAndResume(async (first, jobId) => (await first.journal.outcomes(jobId)).length > 0);
    expect(result.job.status).toBe('succeeded');
    expect(result.events).toHaveLength(1);
  });
});
