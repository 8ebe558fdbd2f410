import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { createServices } from './services.ts';

/** Reads the environment, wires the services, listens; SIGINT/SIGTERM drain and exit. */
async function main(): Promise<void> {
  const options = readConfig();
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
    aiMode: options.aiMode,
    profile: options.latencyProfile,
    timeScale: options.timeScale,
  });
  // A parent process (the harness) reads this line to learn the port.
  if (process.send) process.send({ type: 'listening', port });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info('draining', { signal });
    server.close();
    app.streams.endAll();
    await services.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : `start-up failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
