import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Forks a TypeScript entry point of this repository (through tsx) and resolves with the first
 * IPC message of `readyType` it sends. A child that exits first, or is not ready in time, fails.
 */
export function forkReady<M extends { type?: string }>(
  script: string,
  env: Record<string, string>,
  readyType: string,
  options: { timeoutMs?: number; stdio?: 'inherit' | 'ignore' } = {},
): Promise<{ child: ChildProcess; message: M }> {
  const { timeoutMs = 20_000, stdio = 'inherit' } = options;
  const child = fork(path.join(ROOT, script), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', stdio, stdio, 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (message: M) => {
      if (message.type !== readyType) return;
      clearTimeout(timer);
      resolve({ child, message });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${signal ?? code} before it was ready`));
    });
  });
}

/** Sends a signal and resolves with the exit code once the child is gone. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

export interface ReferenceServer {
  url: string;
  pid: number;
  stop(): Promise<number | null>;
}

/**
 * Starts the reference server on 127.0.0.1, port 0, with the given environment (logging off
 * unless the environment says otherwise), and waits until `/healthz` answers 200.
 */
export async function startReferenceServer(env: Record<string, string>): Promise<ReferenceServer> {
  const { child, message } = await forkReady<{ type?: string; port: number; pid: number }>(
    'reference-impl/main.ts',
    { LOG_LEVEL: 'silent', ...env, PORT: '0', HOST: '127.0.0.1' },
    'listening',
  );
  const url = `http://127.0.0.1:${message.port}`;
  const deadline = performance.now() + 10_000;
  for (;;) {
    const healthy = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the reference server at ${url} did not answer /healthz within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, pid: message.pid, stop: () => stopChild(child) };
}
