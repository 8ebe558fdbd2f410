import { ContractClient } from '../contract-client.ts';
import { SseClient } from '../sse-client.ts';
import { summarize, type Distribution } from '../stats.ts';

export interface CachedDuplicateResult {
  image: { flyerId: string; base64Chars: number };
  sent: number;
  succeeded: number;
  /** Images the server says it answered from the cache. */
  cacheHits: number;
  ackMs: Distribution;
  notifiedMs: Distribution;
  failures: string[];
}

/**
 * The cached path at light load: one image sent once (the prime), then `count` times more, one
 * at a time, each timed from its request to its `event.created` on the user's stream.
 */
export async function measureCachedDuplicate(options: { url: string; flyerId: string; base64: string; count: number; userId: string; timezone: string }): Promise<CachedDuplicateResult> {
  const client = new ContractClient(options.url);
  const stream = await SseClient.connect(`${options.url}/api/notifications/stream?userId=${options.userId}`);
  const body = JSON.stringify({ path: 'optimized', userId: options.userId, timezone: options.timezone, base64Image: options.base64 });
  const send = async () => {
    const answer = await client.post('/api/events/from-image', body);
    if (answer.status !== 202) return { answer, end: undefined };
    const jobId = answer.body.jobId as string;
    const end = await stream.waitFor((e) => (e.type === 'event.created' || e.type === 'event.failed') && e.data.jobId === jobId, 10_000).catch(() => undefined);
    return { answer, end };
  };
  const ack: number[] = [];
  const notified: number[] = [];
  const failures: string[] = [];
  let cacheHits = 0;
  try {
    await send();
    for (let i = 0; i < options.count; i++) {
      const { answer, end } = await send();
      if (!end || end.type !== 'event.created') {
        failures.push(answer.status !== 202 ? `http ${answer.status}` : end ? String(end.data.reason) : 'no notification within 10 s');
        continue;
      }
      ack.push(answer.answeredAt - answer.sentAt);
      notified.push(end.receivedAt - answer.sentAt);
      // Read after the measurement: the job view says whether the cache answered.
      const view = await client.get(`/api/jobs/${answer.body.jobId as string}`);
      if (view.body?.counters?.cacheHit === true) cacheHits++;
    }
  } finally {
    stream.close();
    client.close();
  }
  return {
    image: { flyerId: options.flyerId, base64Chars: options.base64.length },
    sent: options.count,
    succeeded: notified.length,
    cacheHits,
    ackMs: summarize(ack),
    notifiedMs: summarize(notified),
    failures,
  };
}
