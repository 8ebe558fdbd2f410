import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import type { ResolvedServerOptions } from './options.ts';
import { createServices } from './services.ts';

/**
 * Reads the environment and serves. With INSTANCES=N the primary forks N server processes that
 * share the port (node's cluster) and the Redis stores. SIGINT/SIGTERM drain: the server stops
 * accepting, running work finishes, then the process exits.
 */
async function serve(options: ResolvedServerOptions): Promise<void> {
  const services = await createServices(options);
  const app = buildApp(services);
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  services.logger.info('listening', {
    url: `http://${options.host}:${port}`,
    pid: process.pid,
    aiMode: options.aiMode,
    profile: options.latencyProfile,
    timeScale: options.timeScale,
    store: options.redisUrl ? 'redis' : 'memory',
  });
  // A parent process (the harness, a test) learns the port from this message.
  process.send?.({ type: 'listening', port, pid: process.pid });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info('draining', { signal, pid: process.pid });
    server.close();
    app.streams.endAll();
    await services.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function primary(options: ResolvedServerOptions): void {
  const workers = Array.from({ length: options.instances }, () => cluster.fork());
  // Tell a parent process once every instance listens (they share one port).
  const listening = new Map<number, number>();
  for (const worker of workers) {
    worker.on('message', (message: { type?: string; port?: number; pid?: number }) => {
      if (message.type !== 'listening' || message.port === undefined || message.pid === undefined) return;
      listening.set(message.pid, message.port);
      if (listening.size === workers.length) {
        process.send?.({ type: 'listening', port: message.port, pid: process.pid, instances: [...listening.keys()] });
      }
    });
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of workers) worker.process.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  cluster.on('exit', (worker, code) => {
    if (!stopping) process.stderr.write(`server process ${worker.process.pid} exited with ${code}\n`);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopping ? 0 : 1);
  });
}

try {
  const options = readConfig();
  if (options.instances > 1 && cluster.isPrimary) primary(options);
  else await serve(options);
} catch (error) {
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
