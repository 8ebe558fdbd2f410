import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { describe } from 'vitest';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when something answers PING at the test Redis. */
async function pingRedis(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

const available = await pingRedis(REDIS_URL);

/**
 * `describe` for tests that need Redis. Without Redis they are skipped with a visible reason,
 * but only outside CI: with `CI` set they run, and fail, so CI never passes them silently.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (available || process.env.CI) {
    describe(name, body);
  } else {
    describe.skip(`${name} [skipped: no Redis answers at ${REDIS_URL}; CI runs these]`, body);
    process.stderr.write(`note: skipping "${name}": no Redis at ${REDIS_URL} (set CI=1 to make this a failure)\n`);
  }
}

/** A key prefix of its own for one test, so runs never see each other's data. */
export function testPrefix(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under the prefix. */
export async function dropPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A plain client for a test's own checks. */
export function testRedis(url = REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}
