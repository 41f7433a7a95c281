import { performance } from 'node:perf_hooks';

export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
}

/**
 * One interval timer for the deadlines of every request in flight, instead of
 * a timer per request: at tens of thousands of requests per second the
 * per-request timers cost the load generator a noticeable share of its rate.
 * A deadline fires within one tick (at most 100 ms) after it passes.
 */
export class DeadlineSweeper {
  private readonly deadlines = new Set<Deadline>();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  constructor(timeoutMs: number) {
    this.tickMs = Math.min(100, Math.max(1, timeoutMs / 4));
  }

  add(deadline: Deadline): void {
    this.deadlines.add(deadline);
    if (this.timer === undefined) this.timer = setInterval(() => this.sweep(), this.tickMs);
  }

  remove(deadline: Deadline): void {
    this.deadlines.delete(deadline);
    if (this.deadlines.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    const now = performance.now();
    for (const deadline of this.deadlines) {
      if (deadline.at <= now) {
        this.deadlines.delete(deadline);
        deadline.expire();
      }
    }
    if (this.deadlines.size === 0) this.stop();
  }
}
