import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFlyerCatalog } from '../../reference-impl/mocks/flyer-catalog.ts';
import { readMockAiQuestion } from '../../reference-impl/mocks/mock-ai-answer.ts';

/**
 * A small OpenAI-compatible chat-completions server, run as its own process on 127.0.0.1 so the
 * `openai` SDK talks to it over real HTTP. It answers each fixture image with its expected event
 * or metadata, after a delay of its own, and behaves as the request's salt (the part of
 * `x-content-key` after the image hash) says:
 *   rate-limited-once  429 with retry-after-ms on the first attempt, then the answer
 *   server-error-once  500 on the first attempt, then the answer
 *   server-error       500 on every attempt
 *   slow               no answer for 10 s (past any timeout the tests set)
 *   malformed          200 whose content is not JSON
 *   wrong-location     the answer with another location (for quality scoring)
 * `GET /__stats` tells what it was asked: calls, attempts, the most calls in flight at once, and
 * whether every call carried the expected bearer key.
 */
const catalog = loadFlyerCatalog();
const expectedKey = process.env.FAKE_OPENAI_KEY ?? 'test-key';
const stats = { calls: 0, byBehaviour: {} as Record<string, number>, inFlight: 0, maxInFlight: 0, unauthorized: 0, retries: 0 };

/** A fixed per-image delay, so a recording and its replay can be compared call by call. */
function delayMs(sha: string, kind: string): number {
  const n = Number.parseInt(createHash('sha256').update(`${sha}:${kind}`).digest('hex').slice(0, 6), 16);
  return (kind === 'event' ? 40 : 25) + (n % 30);
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__stats') return send(res, 200, stats);
  if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return send(res, 404, { error: { message: 'not found' } });
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    stats.calls++;
    if (req.headers.authorization !== `Bearer ${expectedKey}`) {
      stats.unauthorized++;
      return send(res, 401, { error: { message: 'bad key', type: 'invalid_request_error' } });
    }
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: { content: unknown }[] };
    const question = readMockAiQuestion(request);
    const attempt = Number(req.headers['x-stainless-retry-count'] ?? 0);
    if (attempt > 0) stats.retries++;
    const contentKey = String(req.headers['x-content-key'] ?? '');
    const behaviour = contentKey.includes(':') ? contentKey.slice(contentKey.indexOf(':') + 1).split(':')[0]! : 'ok';
    stats.byBehaviour[behaviour] = (stats.byBehaviour[behaviour] ?? 0) + 1;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const done = () => stats.inFlight--;
    res.on('close', done);
    const flyer = question.imageSha256 ? catalog.bySha256(question.imageSha256) : undefined;
    setTimeout(() => {
      if (behaviour === 'rate-limited-once' && attempt === 0) return send(res, 429, { error: { message: 'slow down', type: 'rate_limit' } }, { 'retry-after-ms': '150' });
      if ((behaviour === 'server-error-once' && attempt === 0) || behaviour === 'server-error') return send(res, 500, { error: { message: 'upstream broke', type: 'server_error' } });
      if (behaviour === 'slow') return; // never answered: the client's timeout ends it
      if (!flyer) return send(res, 400, { error: { message: 'not a fixture image', type: 'invalid_request_error' } });
      const answer = question.kind === 'event' ? { ...flyer.expected.event, ...(behaviour === 'wrong-location' ? { location: 'Somewhere Else Entirely' } : {}) } : flyer.expected.metadata;
      const content = behaviour === 'malformed' ? '{"name": "Harbor Jazz' : JSON.stringify(answer);
      const promptTokens = 258 + 90 + Math.ceil(question.imageBase64Chars / 4000);
      const completionTokens = Math.ceil(content.length / 4);
      send(res, 200, {
        id: `chatcmpl-fake-${stats.calls}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.model,
        choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content, refusal: null } }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      });
    }, delayMs(question.imageSha256 ?? 'none', question.kind));
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port, pid: process.pid });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
