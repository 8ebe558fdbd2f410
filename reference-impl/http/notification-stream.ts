import type { Request, Response } from 'express';
import { AppError } from '../errors.ts';
import type { DeliveredNotification, NotificationBus } from '../stores/types.ts';

const USER_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** Open server-sent-event streams, so shutdown can end them. */
export class StreamRegistry {
  readonly open = new Set<Response>();

  endAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}

function frame(n: DeliveredNotification): string {
  return `id: ${n.id}\nevent: ${n.type}\ndata: ${JSON.stringify(n)}\n\n`;
}

/**
 * `GET /api/notifications/stream?userId=`: the user's notifications as server-sent events.
 * A `stream.ready` event says the subscription is live; `Last-Event-ID` replays what was missed.
 */
export function notificationStream(bus: NotificationBus, registry: StreamRegistry, heartbeatMs: number) {
  return async (req: Request, res: Response) => {
    const userId = req.query.userId;
    if (typeof userId !== 'string' || !USER_ID.test(userId)) {
      throw new AppError('invalid_request', 'userId query parameter is required (1-128 letters, digits or _ . : @ -)');
    }
    const lastEventId = req.get('last-event-id');
    const pending: DeliveredNotification[] = [];
    let write: (n: DeliveredNotification) => void = (n) => pending.push(n);
    // Subscribe before answering: a store outage is still a clean 503, not a broken stream.
    const unsubscribe = await bus.subscribe(userId, (n) => write(n), lastEventId);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    req.socket.setNoDelay(true);
    res.write('retry: 1000\n\n');
    for (const n of pending) res.write(frame(n));
    write = (n) => res.write(frame(n));
    res.write(`event: stream.ready\ndata: ${JSON.stringify({ userId })}\n\n`);
    registry.open.add(res);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      registry.open.delete(res);
    });
  };
}
