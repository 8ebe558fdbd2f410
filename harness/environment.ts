import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Where a run happened: enough to tell two results files' machines and code apart. */
export interface Environment {
  node: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  gitCommit: string | null;
  gitDirty: boolean | null;
  time: string;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function readEnvironment(): Environment {
  const cpus = os.cpus();
  const status = git(['status', '--porcelain']);
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: status === null ? null : status.length > 0,
    time: new Date().toISOString(),
  };
}
