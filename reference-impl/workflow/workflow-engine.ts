import type { Clock } from '../clock.ts';
import { isStoreOutage } from '../errors.ts';
import type { LatencyInjector } from '../latency/latency-injector.ts';
import type { TaskQueue } from '../queue/task-queue.ts';
import type { StepTiming } from '../stores/types.ts';
import type { JournalEntry, JournalStore, SerializedError, WorkflowRecord } from './journal.ts';

/** What a workflow function sees: steps are its only way to act, so a replay is deterministic. */
export interface WorkflowContext {
  readonly workflowId: string;
  /** Runs `name` once (journaled); on replay, returns the recorded result without running it. */
  step<R>(name: string, args: unknown): Promise<R>;
}

export type WorkflowFunction = (ctx: WorkflowContext, args: never) => Promise<unknown>;
export type StepFunction = (args: never, meta: { workflowId: string; key: string }) => Promise<unknown>;

export interface WorkflowDefinition {
  run: WorkflowFunction;
  steps: Readonly<Record<string, StepFunction>>;
  /** Turns a recorded step error back into the error the workflow function catches. */
  reviveError?: (error: SerializedError) => Error;
}

export type EngineTask =
  | { type: 'replay'; workflowId: string; enqueuedAt: number; hopMs: number }
  | { type: 'step'; workflowId: string; key: string; enqueuedAt: number; hopMs: number };

export interface WorkflowOutcome {
  status: 'completed' | 'failed';
  result?: unknown;
  error?: SerializedError;
}

export interface WorkflowEngineDeps {
  journal: JournalStore;
  queue: TaskQueue<EngineTask>;
  latency: LatencyInjector;
  clock: Clock;
  definitions: Readonly<Record<string, WorkflowDefinition>>;
  /** Receives the engine's own spans (hops, journal writes) for the workflow's job, per task. */
  onTiming?: (workflowId: string, timings: StepTiming[]) => void;
}

/** Workflows whose arguments one process keeps in memory. */
const ARGS_CACHE_ENTRIES = 1000;

/** Never settles: a step not yet in the journal blocks the workflow function here. */
const BLOCKED = new Promise<never>(() => {});

function serialize(error: unknown): SerializedError {
  if (error instanceof Error) {
    const reason = (error as { reason?: unknown }).reason;
    return { name: error.name, message: error.message, ...(typeof reason === 'string' ? { reason } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * A durable-workflow engine in the manner of the original: starting stores the arguments; each
 * step is a journal entry dispatched through the queue; after each generation of steps the
 * workflow function replays from the journal until it blocks on steps not yet run. A crash
 * loses only what was in flight: `recover()` re-dispatches it from the journal.
 */
export class WorkflowEngine {
  private stopped = false;
  /** Workflow arguments never change once stored: replays in this process skip reading them again. */
  private readonly argsCache = new Map<string, unknown>();

  constructor(private readonly deps: WorkflowEngineDeps) {}

  /** Starts running workflow tasks (replays and steps) in this process. */
  startWorker(): void {
    this.deps.queue.process((task) => this.handle(task));
  }

  /** Stores the workflow and dispatches its first replay; starting an existing id again does nothing. */
  async start(name: string, args: unknown, id: string, contentKey: string): Promise<boolean> {
    if (!this.deps.definitions[name]) throw new Error(`no workflow named ${name}`);
    const timings: StepTiming[] = [];
    const created = await this.journalWrite(timings, contentKey, 'start', () =>
      this.deps.journal.createWorkflow({ id, name, args, contentKey, status: 'running', createdAt: this.deps.clock.now() }),
    );
    if (created) {
      this.remember(id, args);
      await this.dispatch({ type: 'replay', workflowId: id }, contentKey, 'replay:0');
    }
    this.deps.onTiming?.(id, timings);
    return created;
  }

  /**
   * Resumes every unfinished workflow from its journal (after a restart of an in-memory queue):
   * a replay re-dispatches the steps it finds pending.
   */
  async recover(): Promise<number> {
    const ids = await this.deps.journal.running();
    for (const id of ids) {
      const header = await this.deps.journal.getHeader(id);
      if (header) await this.dispatch({ type: 'replay', workflowId: id }, header.contentKey, 'recover:replay');
    }
    return ids.length;
  }

  /** Stops as a crash would: queued tasks are dropped and running steps' results discarded. */
  crash(): void {
    this.stopped = true;
    this.deps.queue.abandon();
  }

  private async dispatch(task: { type: 'replay'; workflowId: string } | { type: 'step'; workflowId: string; key: string }, contentKey: string, drawKey: string): Promise<void> {
    if (this.stopped) return;
    const hopMs = this.deps.latency.draw('workflow.hop', `${contentKey}:${drawKey}`);
    // A step's task id is fixed, so dispatching a step that is already queued or running is a no-op.
    const id = task.type === 'step' ? `step-${task.workflowId}-${task.key.replace(/:/g, '_')}` : undefined;
    await this.deps.queue.enqueue({ ...task, enqueuedAt: this.deps.clock.now(), hopMs }, hopMs * this.deps.latency.timeScale, id);
  }

  private async journalWrite<T>(timings: StepTiming[], contentKey: string, drawKey: string, write: () => Promise<T>): Promise<T> {
    const startAt = this.deps.clock.now();
    const injectedMs = await this.deps.latency.wait('db.journal', `${contentKey}:${drawKey}`);
    // A crashed engine writes nothing more (in memory its code may still be running).
    if (this.stopped) throw new Error('the workflow engine has stopped');
    const result = await write();
    timings.push({ name: 'journal', startAt, endAt: this.deps.clock.now(), injectedMs });
    return result;
  }

  /** Runs one task; the engine's own spans are handed over once, at its end. */
  private async handle(task: EngineTask): Promise<void> {
    if (this.stopped) return;
    const timings: StepTiming[] = [{ name: 'workflow.hop', startAt: task.enqueuedAt, endAt: this.deps.clock.now(), injectedMs: task.hopMs }];
    try {
      if (task.type === 'replay') await this.replay(task.workflowId, timings);
      else await this.runStep(task.workflowId, task.key, timings);
    } finally {
      this.deps.onTiming?.(task.workflowId, timings);
    }
  }

  private remember(workflowId: string, args: unknown): void {
    this.argsCache.set(workflowId, args);
    if (this.argsCache.size > ARGS_CACHE_ENTRIES) this.argsCache.delete(this.argsCache.keys().next().value as string);
  }

  private async replay(workflowId: string, timings: StepTiming[]): Promise<void> {
    const snapshot = await this.deps.journal.snapshot(workflowId);
    if (!snapshot || snapshot.header.status !== 'running') return;
    const record = snapshot.header;
    let args = this.argsCache.get(workflowId);
    if (args === undefined) {
      args = (await this.deps.journal.getWorkflow(workflowId))?.args;
      this.remember(workflowId, args);
    }
    const definition = this.deps.definitions[record.name] as WorkflowDefinition;
    const journal = new Map(snapshot.outcomes.map((e) => [e.key, e]));
    const requested: JournalEntry[] = [];
    const blockedOn: string[] = [];
    let position = 0;
    const ctx: WorkflowContext = {
      workflowId,
      step: <R>(name: string, args: unknown): Promise<R> => {
        const key = `${position++}:${name}`;
        const entry = journal.get(key);
        if (entry?.status === 'succeeded') return Promise.resolve(entry.result as R);
        if (entry?.status === 'failed') {
          const error = entry.error ?? { name: 'Error', message: 'step failed' };
          return Promise.reject(definition.reviveError ? definition.reviveError(error) : Object.assign(new Error(error.message), error));
        }
        if (!entry) requested.push({ key, name, args, status: 'pending', dispatchedAt: this.deps.clock.now() });
        else blockedOn.push(key);
        return BLOCKED;
      },
    };
    let outcome: WorkflowOutcome | undefined;
    definition.run(ctx, args as never).then(
      (result) => (outcome = { status: 'completed', result }),
      (error: unknown) => (outcome = { status: 'failed', error: serialize(error) }),
    );
    // Let the function run until it settles or blocks: it awaits nothing but steps.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (outcome) {
      await this.deps.journal.finishWorkflow(workflowId, outcome);
      this.argsCache.delete(workflowId);
      return;
    }
    const completed = [...journal.values()].filter((e) => e.status !== 'pending').length;
    if (requested.length > 0) {
      const keys = requested.map((e) => e.key).join(',');
      await this.journalWrite(timings, record.contentKey, `dispatch:${keys}`, () => this.deps.journal.addEntries(workflowId, requested));
    }
    // Dispatch new steps, and again the pending ones blocked on: their task may have been lost
    // with a process that died after journaling them. A task still alive makes this a no-op.
    for (const key of [...requested.map((e) => e.key), ...blockedOn]) {
      await this.dispatch({ type: 'step', workflowId, key }, record.contentKey, `step:${key}:${completed}`);
    }
  }

  /**
   * Runs one step and journals its outcome. The step that completes a generation (none left
   * pending) replays the workflow itself, after the modelled scheduler hop, instead of queueing
   * the replay: one real queue round trip per step, as an engine that replays on completion has.
   */
  private async runStep(workflowId: string, key: string, timings: StepTiming[]): Promise<void> {
    const [header, entry] = await Promise.all([this.deps.journal.getHeader(workflowId), this.deps.journal.entry(workflowId, key)]);
    if (!header || header.status !== 'running' || !entry) return;
    let pending: number;
    if (entry.status === 'pending') {
      const definition = this.deps.definitions[header.name] as WorkflowDefinition;
      const step = definition.steps[entry.name];
      let patch: Pick<JournalEntry, 'status' | 'result' | 'error' | 'endedAt'>;
      try {
        if (!step) throw new Error(`workflow ${header.name} has no step ${entry.name}`);
        const result = await step(entry.args as never, { workflowId, key });
        patch = { status: 'succeeded', result, endedAt: this.deps.clock.now() };
      } catch (error) {
        // An outage of the shared store is not the step's outcome: the queue runs the step again.
        if (isStoreOutage(error)) throw error;
        patch = { status: 'failed', error: serialize(error), endedAt: this.deps.clock.now() };
      }
      // A crashed process never writes what its steps did: the step runs again on recovery.
      if (this.stopped) return;
      ({ pending } = await this.journalWrite(timings, header.contentKey, `complete:${key}`, () => this.deps.journal.completeEntry(workflowId, key, patch)));
    } else {
      // Run again after its worker died between journaling and replaying: finish that work.
      pending = (await this.deps.journal.outcomes(workflowId)).filter((e) => e.status === 'pending').length;
    }
    if (pending > 0) return;
    const startAt = this.deps.clock.now();
    const hopMs = this.deps.latency.draw('workflow.hop', `${header.contentKey}:replay:${key}`);
    await this.deps.latency.sleepProfileMs(hopMs);
    timings.push({ name: 'workflow.hop', startAt, endAt: this.deps.clock.now(), injectedMs: hopMs });
    await this.replay(workflowId, timings);
  }
}
