import http from 'node:http';

/** One answered request, stamped on the harness's monotonic clock. */
export interface Answer<T = any> {
  status: number;
  body: T;
  /** `performance.now()` just before the request was written. */
  sentAt: number;
  /** `performance.now()` when the whole answer had arrived. */
  answeredAt: number;
}

/**
 * The HTTP contract of DESIGN.md from the client's side, over one keep-alive agent (no
 * connection set-up inside a measurement). Bodies are passed as ready JSON strings, so no
 * serialisation happens between the stamp and the send.
 */
export class ContractClient {
  private readonly agent: http.Agent;

  /** `maxSockets`: connections at once; an open-model load needs room for its queue. */
  constructor(
    readonly baseUrl: string,
    options: { maxSockets?: number } = {},
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  }

  post(path: string, json: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('POST', path, json, headers);
  }

  get(path: string): Promise<Answer> {
    return this.request('GET', path);
  }

  close(): void {
    this.agent.destroy();
  }

  private request(method: string, path: string, json?: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, this.baseUrl);
      const request = http.request(url, {
        method,
        agent: this.agent,
        headers: json === undefined ? headers : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers },
      });
      request.setNoDelay(true);
      let sentAt = 0;
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const answeredAt = performance.now();
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Not JSON (e.g. /metrics): the text itself.
          }
          resolve({ status: res.statusCode ?? 0, body, sentAt, answeredAt });
        });
        res.on('error', reject);
      });
      request.on('error', reject);
      sentAt = performance.now();
      request.end(json);
    });
  }
}
