/**
 * Runs an async task every `intervalMs`, each run starting only after the
 * previous one settled, so a slow run (a probe waiting out its timeout, a
 * DNS query retrying) never overlaps the next. The timer is unref'd: it
 * never keeps the process alive. An interval of 0 never runs.
 */
export class RepeatingTask {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly intervalMs: number, private readonly task: () => Promise<void>) {}

  start(): void {
    if (this.intervalMs > 0) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.task().then(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.intervalMs);
    this.timer.unref();
  }
}
