import type { Flyer } from '../reference-impl/mocks/flyer-catalog.ts';
import { eventMismatches } from './check-event.ts';
import { scoreEvent } from './score-event.ts';
import type { Answer, ContractClient } from './contract-client.ts';
import type { Recorder } from './recorder.ts';
import { breakDown } from './time-breakdown.ts';
import { criticalPathMs, type BatchSample, type Outcome, type Sample, type ServerView } from './samples.ts';
import type { ReceivedEvent, SseClient } from './sse-client.ts';
import type { Unit } from './workload-plan.ts';

/** One simulated user: an id and its open notification stream. */
export interface User {
  userId: string;
  stream: SseClient;
}

/** What running a unit needs; the images are read before measuring starts. */
export interface UnitContext {
  client: ContractClient;
  recorder: Recorder;
  flyers: ReadonlyMap<string, Flyer>;
  base64: ReadonlyMap<string, string>;
  /** How long to wait for a unit's notifications, wall ms. */
  timeoutMs: number;
  /** Primes of duplicate repetitions, shared by their variants. */
  primes: Map<string, Promise<void>>;
  /**
   * A created event must equal its fixture's (the mock's answers are the fixtures'); off for a
   * real model, whose events are scored field by field instead.
   */
  strictEvents: boolean;
}

const isEnd = (e: ReceivedEvent) => e.type === 'event.created' || e.type === 'event.failed';
const forJob = (jobId: string) => (e: ReceivedEvent) => e.data.jobId === jobId;

function errorText(answer: Answer): string {
  const error = (answer.body as { error?: { code?: string; message?: string } })?.error;
  return `http ${answer.status}${error?.code ? ` ${error.code}` : ''}${error?.message ? `: ${error.message}` : ''}`;
}

function serverView(view: any): ServerView | null {
  if (view === null || typeof view !== 'object') return null;
  const timings = view.timings ?? {};
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    timeScale: num(timings.timeScale),
    queueMs: num(timings.queueMs),
    eventMs: num(timings.eventMs),
    notifiedMs: num(timings.notifiedMs),
    ownMs: num(timings.ownMs),
    criticalPathMs: Array.isArray(timings.steps) ? criticalPathMs(timings.steps) : null,
    cacheHit: typeof view.counters?.cacheHit === 'boolean' ? view.counters.cacheHit : null,
    dedupShared: typeof view.counters?.dedupShared === 'boolean' ? view.counters.dedupShared : null,
    aiCalls: num(view.counters?.aiCalls),
    tokens: typeof view.counters?.tokens?.prompt === 'number' ? { prompt: view.counters.tokens.prompt, completion: view.counters.tokens.completion ?? 0 } : null,
    breakdownMs: Array.isArray(timings.steps) && typeof timings.notifiedMs === 'number' ? breakDown(timings.steps, timings.notifiedMs) : null,
  };
}

/** What every sample of an image of a unit says of where it came from. */
function sampleBase(unit: Unit, index: number) {
  return {
    unit: unit.id,
    scenario: unit.scenario,
    workload: unit.workload,
    kind: unit.kind,
    variant: unit.variant.name,
    path: unit.variant.path,
    ...(unit.variant.optimizations ? { optimizations: unit.variant.optimizations } : {}),
    warmup: unit.warmup,
    repetition: unit.repetition,
    index,
    flyerId: unit.flyerIds[index]!,
    timezone: unit.timezone,
  };
}

/**
 * How one image ended, from its notification and its job view: a created event that differs
 * from the fixture's is a failure.
 */
async function imageSample(context: UnitContext, unit: Unit, user: User, index: number, jobId: string, sentAt: number, ackAt: number, end: ReceivedEvent | undefined): Promise<Sample> {
  const flyerId = unit.flyerIds[index]!;
  const base = { ...sampleBase(unit, index), jobId, ackMs: ackAt - sentAt };
  if (!end) return { ...base, outcome: 'timed-out', reason: `no notification within ${Math.round(context.timeoutMs)} ms`, eventMs: null, notifiedMs: null, server: null };
  const stored = user.stream.events.find((e) => e.type === 'event.stored' && e.data.jobId === jobId);
  // A server that does not send `event.stored` tells the client of the event with `event.created`.
  const eventAt = stored?.receivedAt ?? (end.type === 'event.created' ? end.receivedAt : undefined);
  const answer = await context.client.get(`/api/jobs/${encodeURIComponent(jobId)}`);
  const view = answer.status === 200 ? answer.body : null;
  const eventName = typeof view?.event?.name === 'string' ? { eventName: view.event.name as string } : {};
  const times = { ...eventName, eventMs: eventAt === undefined ? null : eventAt - sentAt, notifiedMs: end.receivedAt - sentAt, server: serverView(view) };
  if (end.type === 'event.failed') return { ...base, ...times, outcome: 'failed', reason: String(end.data.reason ?? 'failed') };
  if (view === null) return { ...base, ...times, outcome: 'failed', reason: `job view: ${errorText(answer)}` };
  const expected = context.flyers.get(flyerId)!.expected;
  const score = scoreEvent(expected, view.event);
  const quality = { quality: { matched: score.matched, total: score.total, exact: score.exact, missed: Object.keys(score.fields).filter((f) => !score.fields[f]) } };
  const wrong = context.strictEvents ? eventMismatches(expected, view.event) : [];
  if (wrong.length > 0) return { ...base, ...times, ...quality, outcome: 'failed', reason: `mismatch: ${wrong.join(', ')}` };
  return { ...base, ...times, ...quality, outcome: 'succeeded' };
}

/** Samples for images that never got a job: the request itself was refused or failed. */
function refusedSamples(unit: Unit, reason: string, ackMs: number | null): Sample[] {
  return unit.flyerIds.map((_, index) => ({ ...sampleBase(unit, index), jobId: null, outcome: 'failed' as Outcome, reason, ackMs, eventMs: null, notifiedMs: null, server: null }));
}

function imageBody(context: UnitContext, unit: Unit, user: User, path: string, optimizations: readonly string[] | undefined): string {
  return JSON.stringify({
    path,
    ...(optimizations ? { optimizations } : {}),
    base64Image: context.base64.get(unit.flyerIds[0]!),
    timezone: unit.timezone,
    userId: user.userId,
  });
}

async function waitEnd(user: User, jobId: string, timeoutMs: number): Promise<ReceivedEvent | undefined> {
  const match = forJob(jobId);
  return user.stream.waitFor((e) => isEnd(e) && match(e), timeoutMs).catch(() => undefined);
}

/** Sends the image once on the optimized path and waits for it, so the measured send is a duplicate. */
function prime(context: UnitContext, unit: Unit, user: User): Promise<void> {
  const key = unit.primeKey!;
  let primed = context.primes.get(key);
  if (!primed) {
    primed = (async () => {
      const answer = await context.client.post('/api/events/from-image', imageBody(context, unit, user, 'optimized', undefined), { 'x-latency-salt': `${unit.salt}:prime` });
      if (answer.status === 202) await waitEnd(user, answer.body.jobId, context.timeoutMs);
    })();
    context.primes.set(key, primed);
  }
  return primed;
}

async function runImage(context: UnitContext, unit: Unit, user: User): Promise<void> {
  if (unit.kind === 'duplicate') await prime(context, unit, user);
  const json = imageBody(context, unit, user, unit.variant.path, unit.variant.optimizations);
  const answer = await context.client.post('/api/events/from-image', json, { 'x-latency-salt': unit.salt }).catch((error: Error) => error);
  if (answer instanceof Error) {
    for (const s of refusedSamples(unit, `request failed: ${answer.message}`, null)) context.recorder.addSample(s);
    return;
  }
  if (answer.status !== 202 || typeof answer.body?.jobId !== 'string') {
    for (const s of refusedSamples(unit, errorText(answer), answer.answeredAt - answer.sentAt)) context.recorder.addSample(s);
    return;
  }
  const jobId: string = answer.body.jobId;
  const end = await waitEnd(user, jobId, context.timeoutMs);
  context.recorder.addSample(await imageSample(context, unit, user, 0, jobId, answer.sentAt, answer.answeredAt, end));
}

async function runBatch(context: UnitContext, unit: Unit, user: User): Promise<void> {
  const json = JSON.stringify({
    path: unit.variant.path,
    ...(unit.variant.optimizations ? { optimizations: unit.variant.optimizations } : {}),
    images: unit.flyerIds.map((id) => ({ base64Image: context.base64.get(id), tempId: id })),
    timezone: unit.timezone,
    userId: user.userId,
  });
  const batchBase = {
    unit: unit.id,
    scenario: unit.scenario,
    workload: unit.workload,
    variant: unit.variant.name,
    warmup: unit.warmup,
    repetition: unit.repetition,
    images: unit.flyerIds.length,
  };
  const answer = await context.client.post('/api/events/batch', json, { 'x-latency-salt': unit.salt }).catch((error: Error) => error);
  const refused = (reason: string, ackMs: number | null) => {
    for (const s of refusedSamples(unit, reason, ackMs)) context.recorder.addSample(s);
    context.recorder.addBatch({ ...batchBase, batchId: null, outcome: 'failed', reason, ackMs, makespanMs: null, firstResultMs: null });
  };
  if (answer instanceof Error) return refused(`request failed: ${answer.message}`, null);
  const jobIds: unknown = answer.body?.jobIds;
  if (answer.status !== 202 || !Array.isArray(jobIds) || jobIds.length !== unit.flyerIds.length) return refused(errorText(answer), answer.answeredAt - answer.sentAt);
  const batchId: string = answer.body.batchId;
  const { sentAt, answeredAt } = answer;
  const completed = await user.stream
    .waitFor((e) => e.type === 'batch.completed' && e.data.batchId === batchId, context.timeoutMs)
    .catch(() => undefined);
  // Each image's own notification; after the batch completed they have all arrived, or never will.
  const ends = await Promise.all(jobIds.map((id: string) => (completed ? Promise.resolve(user.stream.events.find((e) => isEnd(e) && forJob(id)(e))) : waitEnd(user, id, 0))));
  const samples = await Promise.all(jobIds.map((id: string, i) => imageSample(context, unit, user, i, id, sentAt, answeredAt, ends[i])));
  for (const s of samples) context.recorder.addSample(s);
  const firstEnd = Math.min(...ends.map((e) => e?.receivedAt ?? Number.POSITIVE_INFINITY));
  const failed = samples.filter((s) => s.outcome !== 'succeeded').length;
  const batch: BatchSample = {
    ...batchBase,
    batchId,
    outcome: !completed ? 'timed-out' : failed > 0 ? 'failed' : 'succeeded',
    ...(!completed ? { reason: `no batch.completed within ${Math.round(context.timeoutMs)} ms` } : failed > 0 ? { reason: `${failed} of ${samples.length} images failed` } : {}),
    ackMs: answeredAt - sentAt,
    makespanMs: completed ? completed.receivedAt - sentAt : null,
    firstResultMs: Number.isFinite(firstEnd) ? firstEnd - sentAt : null,
  };
  context.recorder.addBatch(batch);
}

/** Runs one unit to its end; whatever happens is recorded as samples, never thrown. */
export async function runUnit(context: UnitContext, unit: Unit, user: User): Promise<void> {
  if (unit.kind === 'batch') await runBatch(context, unit, user);
  else await runImage(context, unit, user);
  context.recorder.unitDone();
}
