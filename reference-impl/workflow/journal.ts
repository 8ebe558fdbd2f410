/** A durable workflow's record and its journal: what lets it resume after a crash. */

export type WorkflowStatus = 'running' | 'completed' | 'failed';

export interface WorkflowRecord {
  id: string;
  name: string;
  args: unknown;
  /** What the modelled hop and journal delays of this workflow are drawn from. */
  contentKey: string;
  status: WorkflowStatus;
  result?: unknown;
  error?: SerializedError;
  createdAt: number;
}

export interface SerializedError {
  name: string;
  message: string;
  reason?: string;
}

export type EntryStatus = 'pending' | 'succeeded' | 'failed';

/** One step call, keyed by its position in the workflow function and its name (`2:insert`). */
export interface JournalEntry {
  key: string;
  name: string;
  args: unknown;
  status: EntryStatus;
  result?: unknown;
  error?: SerializedError;
  dispatchedAt: number;
  endedAt?: number;
}

/** An entry without its arguments: what a replay reads. */
export type EntryOutcome = Omit<JournalEntry, 'args' | 'dispatchedAt'>;

/** A workflow record without its arguments: what a step needs to know. */
export type WorkflowHeader = Pick<WorkflowRecord, 'id' | 'name' | 'contentKey' | 'status'>;

export interface JournalStore {
  /** Stores a new workflow; false (and nothing changed) when one with its id exists. */
  createWorkflow(record: WorkflowRecord): Promise<boolean>;
  getWorkflow(id: string): Promise<WorkflowRecord | undefined>;
  /** The record without its (large) arguments. */
  getHeader(id: string): Promise<WorkflowHeader | undefined>;
  /** Marks a running workflow finished; false when it already was (a duplicate replay). */
  finishWorkflow(id: string, patch: Pick<WorkflowRecord, 'status' | 'result' | 'error'>): Promise<boolean>;
  /** Every entry's status and outcome, without arguments. */
  outcomes(workflowId: string): Promise<EntryOutcome[]>;
  /** Header and outcomes in one read: what a replay needs besides the (unchanging) arguments. */
  snapshot(workflowId: string): Promise<{ header: WorkflowHeader; outcomes: EntryOutcome[] } | undefined>;
  /** One entry with its arguments. */
  entry(workflowId: string, key: string): Promise<JournalEntry | undefined>;
  /** Adds entries (one write), each unless one with its key exists. */
  addEntries(workflowId: string, entries: readonly JournalEntry[]): Promise<void>;
  /**
   * Records a pending entry's outcome. `completed` is false when it was no longer pending;
   * `pending` counts the entries still pending after this one, read in the same atomic step.
   */
  completeEntry(
    workflowId: string,
    key: string,
    patch: Pick<JournalEntry, 'status' | 'result' | 'error' | 'endedAt'>,
  ): Promise<{ completed: boolean; pending: number }>;
  /** Ids of workflows not yet finished: what a restarted engine resumes. */
  running(): Promise<string[]>;
}

/** Journal in maps. Records are copied in and out, as a database would. */
export class MemoryJournalStore implements JournalStore {
  private readonly workflows = new Map<string, WorkflowRecord>();
  private readonly journal = new Map<string, Map<string, JournalEntry>>();

  async createWorkflow(record: WorkflowRecord): Promise<boolean> {
    if (this.workflows.has(record.id)) return false;
    this.workflows.set(record.id, { ...record });
    this.journal.set(record.id, new Map());
    return true;
  }

  async getWorkflow(id: string): Promise<WorkflowRecord | undefined> {
    const record = this.workflows.get(id);
    return record && { ...record };
  }

  async finishWorkflow(id: string, patch: Pick<WorkflowRecord, 'status' | 'result' | 'error'>): Promise<boolean> {
    const record = this.workflows.get(id);
    if (!record || record.status !== 'running') return false;
    Object.assign(record, patch);
    return true;
  }

  async getHeader(id: string): Promise<WorkflowHeader | undefined> {
    const record = this.workflows.get(id);
    return record && { id: record.id, name: record.name, contentKey: record.contentKey, status: record.status };
  }

  async outcomes(workflowId: string): Promise<EntryOutcome[]> {
    return [...(this.journal.get(workflowId)?.values() ?? [])].map(({ args: _args, dispatchedAt: _d, ...outcome }) => ({ ...outcome }));
  }

  async snapshot(workflowId: string) {
    const header = await this.getHeader(workflowId);
    return header && { header, outcomes: await this.outcomes(workflowId) };
  }

  async entry(workflowId: string, key: string): Promise<JournalEntry | undefined> {
    const entry = this.journal.get(workflowId)?.get(key);
    return entry && { ...entry };
  }

  async addEntries(workflowId: string, added: readonly JournalEntry[]): Promise<void> {
    const entries = this.journal.get(workflowId);
    for (const entry of added) if (entries && !entries.has(entry.key)) entries.set(entry.key, { ...entry });
  }

  async completeEntry(workflowId: string, key: string, patch: Pick<JournalEntry, 'status' | 'result' | 'error' | 'endedAt'>) {
    const entries = this.journal.get(workflowId);
    const entry = entries?.get(key);
    const completed = entry !== undefined && entry.status === 'pending';
    if (completed) Object.assign(entry, patch);
    const pending = [...(entries?.values() ?? [])].filter((e) => e.status === 'pending').length;
    return { completed, pending };
  }

  async running(): Promise<string[]> {
    return [...this.workflows.values()].filter((w) => w.status === 'running').map((w) => w.id);
  }
}
