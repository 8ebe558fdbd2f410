import type { LogLevel } from './options.ts';

const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export interface Logger {
  error(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  debug(message: string, detail?: unknown): void;
}

/** One JSON line per message on stderr, below the level dropped; `silent` while benchmarks measure. */
export function createLogger(level: LogLevel): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (message: string, detail?: unknown) => {
    if (ORDER[lvl] > ORDER[level]) return;
    const extra = detail instanceof Error ? { error: detail.message } : detail === undefined ? {} : { detail };
    process.stderr.write(`${JSON.stringify({ level: lvl, time: new Date().toISOString(), message, ...extra })}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
