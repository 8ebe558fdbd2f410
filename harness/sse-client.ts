import http from 'node:http';

/** One server-sent event as received, stamped on the harness's monotonic clock. */
export interface ReceivedEvent {
  type: string;
  id?: string;
  data: Record<string, unknown>;
  /** `performance.now()` when the event's last line arrived. */
  receivedAt: number;
}

type Waiter = { match: (e: ReceivedEvent) => boolean; resolve: (e: ReceivedEvent) => void };

/**
 * A server-sent-events client for the notification stream: parses frames as bytes arrive,
 * stamps each with the harness's clock, and lets callers await the first event that matches.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  private waiters: Waiter[] = [];
  private request: http.ClientRequest | undefined;
  private buffer = '';

  private constructor(private readonly onEvent?: (event: ReceivedEvent) => void) {}

  /** Connects and resolves once the server says the subscription is live (`stream.ready`). */
  static async connect(url: string, options: { lastEventId?: string; onEvent?: (e: ReceivedEvent) => void } = {}): Promise<SseClient> {
    const client = new SseClient(options.onEvent);
    const ready = client.next((e) => e.type === 'stream.ready');
    await new Promise<void>((resolve, reject) => {
      client.request = http.get(url, { headers: { accept: 'text/event-stream', ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}) } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`notification stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.feed(chunk));
        resolve();
      });
      client.request.on('error', reject);
      client.request.setNoDelay(true);
    });
    await ready;
    return client;
  }

  /** The first event, past or future, that matches. */
  next(match: (e: ReceivedEvent) => boolean): Promise<ReceivedEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Like `next`, but rejects after `timeoutMs`. */
  async waitFor(match: (e: ReceivedEvent) => boolean, timeoutMs: number, what = 'event'): Promise<ReceivedEvent> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.next(match), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.request?.destroy();
  }

  private feed(chunk: string): void {
    const receivedAt = performance.now();
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = parseFrame(frame, receivedAt);
      if (event) this.dispatch(event);
    }
  }

  private dispatch(event: ReceivedEvent): void {
    this.events.push(event);
    this.onEvent?.(event);
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.match(event)) waiter.resolve(event);
      else still.push(waiter);
    }
    this.waiters = still;
  }
}

/** One SSE frame to an event; comments and retry-only frames give none. Pure. */
export function parseFrame(frame: string, receivedAt: number): ReceivedEvent | undefined {
  let type = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(data.join('\n')) as Record<string, unknown>;
  } catch {
    parsed = { text: data.join('\n') };
  }
  return { type, ...(id === undefined ? {} : { id }), data: parsed, receivedAt };
}
