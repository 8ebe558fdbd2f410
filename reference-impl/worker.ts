import { ConfigError, readConfig } from './config.ts';
import { createServices } from './services.ts';

/**
 * A worker-only process: runs workflow steps and jobs from the BullMQ queues, serves no HTTP.
 * Needs REDIS_URL. SIGINT/SIGTERM drain: running tasks finish, no new ones start, then it exits.
 */
try {
  const options = readConfig({ ...process.env, RUN_WORKERS: 'true' });
  if (!options.redisUrl) throw new ConfigError('REDIS_URL is required: a worker process takes its work from Redis');
  const services = await createServices(options);
  services.logger.info('worker running', { pid: process.pid, prefix: options.redisPrefix });
  process.send?.({ type: 'ready', pid: process.pid });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info('draining', { signal, pid: process.pid });
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? 'configuration error' : 'start-up failed'}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
