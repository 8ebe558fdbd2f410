import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { forkReady, stopChild } from '../../harness/server-process.ts';
import type { LatencyProfile } from '../../reference-impl/latency/latency-profile.ts';


export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  /** The value of one series from /metrics, e.g. `pipeline_ai_calls_total{kind="event"}`; 0 when absent. */
  metric(series: string): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Writes a profile to a temporary file, for LATENCY_PROFILE in a child's environment. */
export function profileFile(profile: LatencyProfile): string {
  const file = path.join(os.tmpdir(), `profile-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

function start(script: string, env: Record<string, string>, readyType: string): Promise<{ child: ChildProcess; message: { port?: number; pid: number } }> {
  return forkReady<{ type?: string; port?: number; pid: number }>(script, { LOG_LEVEL: 'error', ...env }, readyType);
}

const stopper = (child: ChildProcess) => (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, signal);

/** Starts `reference-impl/main.ts` on a free port of 127.0.0.1 with the given environment. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const { child, message } = await start('reference-impl/main.ts', { PORT: '0', HOST: '127.0.0.1', ...env }, 'listening');
  const url = `http://127.0.0.1:${message.port}`;
  return {
    child,
    url,
    pid: message.pid,
    async metric(series) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    },
    stop: stopper(child),
  };
}

/** Starts `reference-impl/worker.ts` (queue workers, no HTTP). */
export async function startWorkerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; pid: number; stop: (signal?: NodeJS.Signals) => Promise<number | null> }> {
  const { child, message } = await start('reference-impl/worker.ts', env, 'ready');
  return { child, pid: message.pid, stop: stopper(child) };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own (nothing on disk), for tests that stop and resume it. */
export async function startRedisServer(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  process.on('exit', () => child.kill('SIGKILL'));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.kill('SIGCONT');
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
