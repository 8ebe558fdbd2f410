import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { buildApp } from '../../reference-impl/app.ts';
import type { LatencyProfile } from '../../reference-impl/latency/latency-profile.ts';
import { resolveServerOptions, type ServerOptions } from '../../reference-impl/options.ts';
import { createServices, type ServiceOverrides, type Services } from '../../reference-impl/services.ts';
import { SseClient } from '../../harness/sse-client.ts';
import { fixedProfile } from './profiles.ts';

export interface TestServer {
  url: string;
  services: Services;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  get(path: string): Promise<{ status: number; body: any }>;
  /** Polls a job until it is succeeded or failed. */
  waitForJob(jobId: string, timeoutMs?: number): Promise<any>;
  stream(userId: string): Promise<SseClient>;
  close(): Promise<void>;
}

/** Starts the app on 127.0.0.1 port 0 with mocked AI and, by default, the zero-delay profile. */
export async function startTestServer(
  options: ServerOptions = {},
  overrides: ServiceOverrides & { profile?: LatencyProfile } = {},
): Promise<TestServer> {
  const resolved = resolveServerOptions({ logLevel: 'silent', port: 0, ...options });
  const services = await createServices(resolved, { profile: fixedProfile({}), ...overrides });
  const app = buildApp(services);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const streams: SseClient[] = [];
  const parse = async (res: Response) => {
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const get = async (path: string) => {
    const res = await fetch(url + path);
    return { status: res.status, body: await parse(res) };
  };
  return {
    url,
    services,
    async post(path, body, headers = {}) {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: await parse(res), headers: res.headers };
    },
    get,
    async waitForJob(jobId, timeoutMs = 20_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const { body } = await get(`/api/jobs/${jobId}`);
        if (body.status === 'succeeded' || body.status === 'failed') return body;
        if (performance.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async stream(userId) {
      const client = await SseClient.connect(`${url}/api/notifications/stream?userId=${encodeURIComponent(userId)}`);
      streams.push(client);
      return client;
    },
    async close() {
      for (const s of streams) s.close();
      app.streams.endAll();
      await services.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
