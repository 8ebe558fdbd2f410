import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError, toErrorResponse } from './errors.ts';
import { batchView, jobView } from './http/job-view.ts';
import { notificationStream, StreamRegistry } from './http/notification-stream.ts';
import { parseBatchRequest, parseImageRequest } from './http/parse-request.ts';
import type { Services } from './services.ts';

/** Room for a full batch of the largest images, plus the JSON around them. */
const JSON_OVERHEAD_BYTES = 1024 * 1024;

function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new AppError('unsupported_media_type');
}

function salt(req: Request): string | undefined {
  return req.get('x-latency-salt') || undefined;
}

/**
 * Builds the express app of the HTTP contract (DESIGN.md) on the given services. It does not
 * listen: `main.ts` does, tests drive it on port 0.
 */
export function buildApp(services: Services): express.Express & { streams: StreamRegistry } {
  const { options, deps, dispatcher, logger } = services;
  const app = express();
  const streams = new StreamRegistry();
  app.disable('x-powered-by');
  app.set('etag', false);
  const json = express.json({ limit: options.maxBatchImages * options.maxBase64Chars + JSON_OVERHEAD_BYTES });
  // Past the bound on images in flight, a submission is refused before its body is read.
  const shedEarly = (_req: Request, _res: Response, next: NextFunction) => {
    deps.admission.refuseIfFull();
    next();
  };

  app.post('/api/events/from-image', shedEarly, json, async (req, res) => {
    requireJson(req);
    const jobId = await dispatcher.submitImage(parseImageRequest(req.body, options, salt(req)));
    res.status(202).json({ jobId });
  });

  app.post('/api/events/batch', shedEarly, json, async (req, res) => {
    requireJson(req);
    const { batchId, jobIds } = await dispatcher.submitBatch(parseBatchRequest(req.body, options, salt(req)));
    res.status(202).json({ batchId, jobIds });
  });

  app.get('/api/jobs/:id', async (req, res) => {
    const job = await deps.jobs.get(req.params.id);
    if (!job) throw new AppError('job_not_found');
    const event = job.eventId ? await deps.events.get(job.eventId) : undefined;
    res.json(jobView(job, event, options.timeScale));
  });

  app.get('/api/batches/:id', async (req, res) => {
    const batch = await deps.jobs.getBatch(req.params.id);
    if (!batch) throw new AppError('batch_not_found');
    const jobs = await Promise.all(batch.jobIds.map((id) => deps.jobs.get(id)));
    res.json(batchView(batch, jobs));
  });

  app.get('/api/notifications/stream', notificationStream(deps.bus, streams, options.sseHeartbeatMs));

  // The framework's own cost, for load tests: the same JSON parsing as a submission, no pipeline.
  app.post('/api/bare', json, (req, res) => {
    requireJson(req);
    res.status(202).json({ ok: true });
  });

  app.get('/healthz', (_req, res) => {
    res.json({
      status: 'ok',
      aiMode: options.aiMode,
      aiModel: options.aiModel,
      ...(options.recording ? { recording: options.recording } : {}),
      ...(options.aiRecord ? { recordingTo: options.aiRecord } : {}),
      profile: deps.latency.profile.name,
      latencySeed: options.latencySeed,
      timeScale: options.timeScale,
      pid: process.pid,
    });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  app.use(() => {
    throw new AppError('not_found');
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers } = toErrorResponse(error);
    if (status === 503) logger.warn('request refused: a backing service is unavailable', error);
    else if (status >= 500) logger.error('request failed', error);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).set(headers).json(body);
  });

  return Object.assign(app, { streams });
}
