import { buildApp } from './reference-impl/app.ts';
import { resolveServerOptions } from './reference-impl/options.ts';
import { createServices } from './reference-impl/services.ts';
import { loadFlyerCatalog } from './reference-impl/mocks/flyer-catalog.ts';
import { SseClient } from './harness/sse-client.ts';
const options = resolveServerOptions({ latencyProfile: 'zero', logLevel: 'silent', port: 0, redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'zzgap' });
const services = await createServices(options);
const app = buildApp(services);
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as any).port}`;
const stream = await SseClient.connect(`${url}/api/notifications/stream?userId=g`);
const c = loadFlyerCatalog();
const gaps = new Map<string, number[]>();
for (let i = 0; i < 80; i++) {
  const res = await fetch(`${url}/api/events/from-image`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: 'workflow', base64Image: c.base64(c.events()[i % 20]!), timezone: ['UTC','Asia/Tokyo','Europe/Paris','America/Lima'][Math.floor(i/20)], userId: 'g' }) });
  const { jobId } = await res.json() as any;
  await stream.waitFor((e) => e.type === 'event.created' && e.data.jobId === jobId, 10000);
  await services.idle();
  if (i < 10) continue;
  const j = await (await fetch(`${url}/api/jobs/${jobId}`)).json() as any;
  const steps = j.timings.steps;
  let prev = 0, prevName = 'accept';
  for (const st of steps) { const k = prevName + '->' + st.name; if (st.startMs > prev) gaps.set(k, [...(gaps.get(k) ?? []), st.startMs - prev]); if (st.endMs > prev) { prev = st.endMs; prevName = st.name; } }
  gaps.set(prevName + '->end', [...(gaps.get(prevName + '->end') ?? []), j.timings.notifiedMs - prev]);
}
let tot = 0;
const rows = [...gaps].map(([k, v]) => { const sum = v.reduce((a, b) => a + b, 0) / 70; tot += sum; v.sort((a, b) => a - b); return [k, v.length, v[Math.floor(v.length / 2)], sum] as const; }).sort((a, b) => b[3] - a[3]);
for (const [k, n, p50, mean] of rows) console.log(k.padEnd(34), 'n', n, 'p50', p50!.toFixed(3), 'per-job mean', mean.toFixed(3));
console.log('total gap per job', tot.toFixed(2));
stream.close(); app.streams.endAll();
let cursor = '0'; do { const [n, keys] = await services.redis!.command.scan(cursor, 'MATCH', 'zzgap:*', 'COUNT', 1000); cursor = n; if (keys.length) await services.redis!.command.del(...keys); } while (cursor !== '0');
await services.close(); server.closeAllConnections(); server.close();
