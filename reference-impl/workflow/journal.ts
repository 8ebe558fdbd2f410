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

export interface JournalStore {
  createWorkflow(record: WorkflowRecord): Promise<void>;
  getWorkflow(id: string): Promise<WorkflowRecord | undefined>;
  /** Marks a running workflow finished; false when it already was (a duplicate replay). */
  finishWorkflow(id: string, patch: Pick<WorkflowRecord, 'status' | 'result' | 'error'>): Promise<boolean>;
  entries(workflowId: string): Promise<JournalEntry[]>;
  /** Adds an entry unless one with its key exists; true when this call added it. */
  addEntry(workflowId: string, entry: JournalEntry): Promise<boolean>;
  /** Records a pending entry's outcome; false when it was no longer pending. */
  completeEntry(workflowId: string, key: string, patch: Pick<JournalEntry, 'status' | 'result' | 'error' | 'endedAt'>): Promise<boolean>;
  /** Ids of workflows not yet finished: what a restarted engine resumes. */
  running(): Promise<string[]>;
}

/** Journal in maps. Records are copied in and out, as a database would. */
export class MemoryJournalStore implements JournalStore {
  private readonly workflows = new Map<string, WorkflowRecord>();
  private readonly journal = new Map<string, Map<string, JournalEntry>>();

  async createWorkflow(record: WorkflowRecord): Promise<void> {
    this.workflows.set(record.id, { ...record });
    this.journal.set(record.id, new Map());
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

  async entries(workflowId: string): Promise<JournalEntry[]> {
    return [...(this.journal.get(workflowId)?.values() ?? [])].map((e) => ({ ...e }));
  }

  async addEntry(workflowId: string, entry: JournalEntry): Promise<boolean> {
    const entries = this.journal.get(workflowId);
    if (!entries || entries.has(entry.key)) return false;
    entries.set(entry.key, { ...entry });
    return true;
  }

  async completeEntry(workflowId: string, key: string, patch: Pick<JournalEntry, 'status' | 'result' | 'error' | 'endedAt'>): Promise<boolean> {
    const entry = this.journal.get(workflowId)?.get(key);
    if (!entry || entry.status !== 'pending') return false;
    Object.assign(entry, patch);
    return true;
  }

  async running(): Promise<string[]> {
    return [...this.workflows.values()].filter((w) => w.status === 'running').map((w) => w.id);
  }
}
