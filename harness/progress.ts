import type { Progress } from './recorder.ts';

/**
 * Shows a run's progress on stderr: a redrawn bar on a terminal, plain lines otherwise (a line
 * per workload and per tenth of the run). Writes nothing to stdout, which carries the table.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update: (p: Progress) => void; end: () => void } {
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastWorkload = '';
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;
  return {
    update(p) {
      if (tty) {
        const width = 30;
        const filled = p.total === 0 ? 0 : Math.round((p.done / p.total) * width);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${elapsed()} ${p.current}${p.failed ? ` failed ${p.failed}` : ''}\x1b[K`);
        return;
      }
      const tenth = p.total === 0 ? 0 : Math.floor((p.done / p.total) * 10);
      if (p.current !== lastWorkload || tenth !== lastTenth) {
        stream.write(`bench: ${p.done}/${p.total} units, ${elapsed()}, ${p.current}${p.failed ? `, failed ${p.failed}` : ''}\n`);
        lastWorkload = p.current;
        lastTenth = tenth;
      }
    },
    end() {
      if (tty) stream.write('\n');
    },
  };
}
