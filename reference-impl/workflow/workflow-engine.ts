import { EventEmitter } from 'node:events';
import type { Clock } from '../clock.ts';
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
  /** Receives the engine's own spans (hops, journal writes) for the workflow's job. */
  onTiming?: (workflowId: string, timing: StepTiming) => void;
}

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
  private readonly finished = new EventEmitter();
  private stopped = false;

  constructor(private readonly deps: WorkflowEngineDeps) {
    this.finished.setMaxListeners(0);
    deps.queue.process((task) => this.handle(task));
  }

  async start(name: string, args: unknown, id: string, contentKey: string): Promise<string> {
    if (!this.deps.definitions[name]) throw new Error(`no workflow named ${name}`);
    await this.journalWrite(id, contentKey, 'start', () =>
      this.deps.journal.createWorkflow({ id, name, args, contentKey, status: 'running', createdAt: this.deps.clock.now() }),
    );
    await this.dispatch({ type: 'replay', workflowId: id }, contentKey, 'replay:0');
    return id;
  }

  /** Resolves when the workflow finishes (in this process's view). */
  waitFor(workflowId: string): Promise<WorkflowOutcome> {
    return new Promise((resolve) => this.finished.once(workflowId, resolve));
  }

  /** Resumes every unfinished workflow from its journal: pending steps run again, then replay. */
  async recover(): Promise<number> {
    const ids = await this.deps.journal.running();
    for (const id of ids) {
      const record = await this.deps.journal.getWorkflow(id);
      if (!record) continue;
      const pending = (await this.deps.journal.entries(id)).filter((e) => e.status === 'pending');
      for (const entry of pending) await this.dispatch({ type: 'step', workflowId: id, key: entry.key }, record.contentKey, `recover:${entry.key}`);
      if (pending.length === 0) await this.dispatch({ type: 'replay', workflowId: id }, record.contentKey, 'recover:replay');
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
    await this.deps.queue.enqueue({ ...task, enqueuedAt: this.deps.clock.now(), hopMs }, hopMs * this.deps.latency.timeScale);
  }

  private async journalWrite<T>(workflowId: string, contentKey: string, drawKey: string, write: () => Promise<T>): Promise<T> {
    const startAt = this.deps.clock.now();
    const injectedMs = await this.deps.latency.wait('db.journal', `${contentKey}:${drawKey}`);
    const result = await write();
    this.deps.onTiming?.(workflowId, { name: 'journal', startAt, endAt: this.deps.clock.now(), injectedMs });
    return result;
  }

  private async handle(task: EngineTask): Promise<void> {
    if (this.stopped) return;
    this.deps.onTiming?.(task.workflowId, { name: 'workflow.hop', startAt: task.enqueuedAt, endAt: this.deps.clock.now(), injectedMs: task.hopMs });
    if (task.type === 'replay') await this.replay(task.workflowId);
    else await this.runStep(task.workflowId, task.key);
  }

  private async replay(workflowId: string): Promise<void> {
    const record = await this.deps.journal.getWorkflow(workflowId);
    if (!record || record.status !== 'running') return;
    const definition = this.deps.definitions[record.name] as WorkflowDefinition;
    const journal = new Map((await this.deps.journal.entries(workflowId)).map((e) => [e.key, e]));
    const requested: JournalEntry[] = [];
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
        return BLOCKED;
      },
    };
    let outcome: WorkflowOutcome | undefined;
    definition.run(ctx, record.args as never).then(
      (result) => (outcome = { status: 'completed', result }),
      (error: unknown) => (outcome = { status: 'failed', error: serialize(error) }),
    );
    // Let the function run until it settles or blocks: it awaits nothing but steps.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (outcome) {
      if (await this.deps.journal.finishWorkflow(workflowId, outcome)) this.finished.emit(workflowId, outcome);
      return;
    }
    const completed = [...journal.values()].filter((e) => e.status !== 'pending').length;
    for (const entry of requested) {
      const added = await this.journalWrite(workflowId, record.contentKey, `dispatch:${entry.key}`, () =>
        this.deps.journal.addEntry(workflowId, entry),
      );
      // Two replays may race after parallel steps; only the one that added the entry dispatches it.
      if (added) await this.dispatch({ type: 'step', workflowId, key: entry.key }, record.contentKey, `step:${entry.key}:${completed}`);
    }
  }

  private async runStep(workflowId: string, key: string): Promise<void> {
    const record = await this.deps.journal.getWorkflow(workflowId);
    const entry = (await this.deps.journal.entries(workflowId)).find((e) => e.key === key);
    if (!record || record.status !== 'running' || !entry || entry.status !== 'pending') return;
    const definition = this.deps.definitions[record.name] as WorkflowDefinition;
    const step = definition.steps[entry.name];
    let patch: Pick<JournalEntry, 'status' | 'result' | 'error' | 'endedAt'>;
    try {
      if (!step) throw new Error(`workflow ${record.name} has no step ${entry.name}`);
      const result = await step(entry.args as never, { workflowId, key });
      patch = { status: 'succeeded', result, endedAt: this.deps.clock.now() };
    } catch (error) {
      patch = { status: 'failed', error: serialize(error), endedAt: this.deps.clock.now() };
    }
    // A crashed process never writes what its steps did: the step runs again on recovery.
    if (this.stopped) return;
    await this.journalWrite(workflowId, record.contentKey, `complete:${key}`, () => this.deps.journal.completeEntry(workflowId, key, patch));
    const entries = await this.deps.journal.entries(workflowId);
    if (entries.every((e) => e.status !== 'pending')) {
      await this.dispatch({ type: 'replay', workflowId }, record.contentKey, `replay:${entries.length}`);
    }
  }
}
