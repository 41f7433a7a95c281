import type { Backend } from './backend-pool.js';
import { refreshModels } from './models-union.js';

const noHeaders = Object.freeze({});

export interface ProbeOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly path: string;
}

/**
 * Active health checks: every interval, GET each backend's health path (and,
 * when healthy, its model list, for model-aware routing). A
 * failed probe counts as a failure for the backend's breaker, so a dead
 * backend is skipped before user traffic finds out. A backend whose breaker
 * is open gets no probe until its cooldown ends; then the probe is the one
 * half-open try, and a healthy answer closes the breaker without risking a
 * user request.
 */
export class HealthProber {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly backends: readonly Backend[], private readonly options: ProbeOptions) {}

  start(): void {
    if (this.options.intervalMs > 0) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Probes every backend once, in parallel. */
  async probeAll(): Promise<void> {
    await Promise.all(this.backends.map((backend) => this.probe(backend)));
  }

  /** Learns which models each backend serves, for model-aware routing; failures are left to the breakers. */
  async discoverModels(): Promise<void> {
    await Promise.all(this.backends.map((backend) => refreshModels(backend, noHeaders, this.options.timeoutMs)));
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.probeAll().then(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private async probe(backend: Backend): Promise<void> {
    const breaker = backend.breaker;
    const wasClosed = breaker.state === 'closed';
    if (!breaker.tryAcquire(performance.now())) return;
    let healthy: boolean;
    try {
      healthy = (await backend.client.get(this.options.path, {}, this.options.timeoutMs)).status < 300;
    } catch {
      healthy = false;
    }
    if (!healthy) {
      breaker.recordFailure(performance.now());
      return;
    }
    // A healthy probe of a closed breaker proves nothing about the failures real requests just had.
    if (!wasClosed) breaker.recordSuccess();
    await refreshModels(backend, noHeaders, this.options.timeoutMs);
  }
}
