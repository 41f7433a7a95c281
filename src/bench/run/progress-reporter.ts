import { performance } from 'node:perf_hooks';

export interface ProgressOptions {
  /** Undefined when the run is bounded by time, not count. */
  readonly total?: number;
  readonly isTTY: boolean;
  readonly write: (text: string) => void;
  /** How often a plain line is written when the output is not a terminal. */
  readonly plainIntervalMs?: number;
}

export interface ProgressReporter {
  update(done: number): void;
  finish(done: number): void;
}

const barWidth = 30;

function describe(done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const count = total === undefined ? `${done} requests` : `${done}/${total} requests`;
  return `${count}, ${rate.toFixed(1)} req/s, ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** A bar redrawn in place on a terminal, a plain line every few seconds in a log (CI). */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const start = performance.now();
  const interval = options.isTTY ? 100 : options.plainIntervalMs ?? 5000;
  let lastDrawn = start;
  const draw = (done: number, final: boolean): void => {
    const elapsed = performance.now() - start;
    if (!options.isTTY) {
      options.write(`progress: ${describe(done, options.total, elapsed)}\n`);
      return;
    }
    const fraction = options.total === undefined ? 0 : Math.min(1, done / options.total);
    const filled = Math.round(fraction * barWidth);
    const bar = options.total === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] `;
    options.write(`\r${bar}${describe(done, options.total, elapsed)}${final ? '\n' : ''}`);
  };
  return {
    update(done) {
      const now = performance.now();
      if (now - lastDrawn < interval) return;
      lastDrawn = now;
      draw(done, false);
    },
    finish(done) {
      draw(done, true);
    },
  };
}
