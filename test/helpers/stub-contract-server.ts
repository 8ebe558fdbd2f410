import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFlyerCatalog } from '../../reference-impl/mocks/flyer-catalog.ts';

/**
 * A minimal server of the HTTP contract that answers every image after a fixed delay, so the
 * harness's own measurement can be checked against a known figure. `wrongName` makes every
 * event come back with a different name (a mismatch the harness must catch).
 */
export async function startStubContractServer(options: { delayMs: number; wrongName?: boolean; serialMs?: number }): Promise<{ url: string; close(): Promise<void> }> {
  const catalog = loadFlyerCatalog();
  const streams = new Map<string, http.ServerResponse[]>();
  const jobs = new Map<string, { userId: string; sha256: string }>();
  let next = 0;
  // `serialMs`: accepts one image at a time, each taking that long: a server that queues.
  let line = Promise.resolve();
  const inTurn = (work: () => void) => {
    if (!options.serialMs) return work();
    line = line.then(() => new Promise<void>((resolve) => setTimeout(() => (work(), resolve()), options.serialMs)));
  };
  const send = (userId: string, type: string, data: object) => {
    for (const res of streams.get(userId) ?? []) res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    if (req.method === 'GET' && url.pathname === '/healthz') return res.end('{"status":"ok"}');
    if (req.method === 'GET' && url.pathname === '/api/notifications/stream') {
      const userId = url.searchParams.get('userId') ?? '';
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('event: stream.ready\ndata: {}\n\n');
      streams.set(userId, [...(streams.get(userId) ?? []), res]);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/api/jobs/')) {
      const id = decodeURIComponent(url.pathname.slice('/api/jobs/'.length));
      const job = jobs.get(id);
      if (!job) return res.writeHead(404).end('{"error":{"code":"not_found","message":"no such job"}}');
      const flyer = catalog.bySha256(job.sha256)!;
      const event = { ...flyer.expected.event, ...(options.wrongName ? { name: 'Something Else' } : {}), metadata: flyer.expected.metadata, id: `ev-${id}`, userId: job.userId };
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ id, status: 'succeeded', event, timings: { timeScale: 1 } }));
    }
    if (req.method === 'POST' && url.pathname === '/api/events/from-image') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { base64Image: string; userId: string };
        const jobId = `job-${++next}`;
        jobs.set(jobId, { userId: body.userId, sha256: createHash('sha256').update(Buffer.from(body.base64Image, 'base64')).digest('hex') });
        inTurn(() => {
          res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ jobId }));
          setTimeout(() => {
            send(body.userId, 'event.stored', { jobId });
            send(body.userId, 'event.created', { jobId });
          }, options.delayMs);
        });
      });
      return;
    }
    res.writeHead(404).end('{"error":{"code":"not_found","message":"no such route"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const list of streams.values()) for (const res of list) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
