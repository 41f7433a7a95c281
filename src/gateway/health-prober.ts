import type { Backend } from './backend-pool.js';
import { refreshModels } from './models-union.js';
import { RepeatingTask } from './repeating-task.js';

const noHeaders = Object.freeze({});

export interface ProbeOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly path: string;
}

/**
 * Active health checks: every interval, GET each backend's health path (and,
 * when healthy, its model list, for model-aware routing), both within one
 * probe timeout, so a round of probes never takes longer than that. A failed
 * probe counts as a failure for the backend's breaker, so a dead backend is
 * skipped before user traffic finds out. A probe that gets no answer at all
 * while requests' tries wait on the backend with nothing sent to their client
 * judges it hung: its breaker opens at once, which makes those tries fail
 * over, so a hung backend holds a request for at most one interval and one
 * probe timeout. A backend whose breaker is open gets no probe until its
 * cooldown ends; then the probe is the one half-open try, and a healthy
 * answer closes the breaker without risking a user request.
 */
export class HealthProber {
  private readonly repeating: RepeatingTask;

  constructor(private readonly backends: readonly Backend[], private readonly options: ProbeOptions) {
    this.repeating = new RepeatingTask(options.intervalMs, () => this.probeAll());
  }

  start(): void {
    this.repeating.start();
  }

  stop(): void {
    this.repeating.stop();
  }

  /** Probes every backend once, in parallel. */
  async probeAll(): Promise<void> {
    await Promise.all(this.backends.map((backend) => this.probe(backend)));
  }

  /** Learns which models each backend serves, for model-aware routing; failures are left to the breakers. */
  async discoverModels(): Promise<void> {
    await Promise.all(this.backends.map((backend) => refreshModels(backend, noHeaders, this.options.timeoutMs)));
  }

  private async probe(backend: Backend): Promise<void> {
    const breaker = backend.breaker;
    const wasClosed = breaker.state === 'closed';
    const startedAt = performance.now();
    if (!breaker.tryAcquireProbe(startedAt)) return;
    let status: number | undefined;
    try {
      status = (await backend.client.get(this.options.path, {}, this.options.timeoutMs)).status;
    } catch {
      // No answer: the probe timed out or its connection failed.
    }
    const now = performance.now();
    if (status === undefined && backend.hasWaitingTry()) {
      breaker.open(now);
      return;
    }
    if (status === undefined || status >= 300) {
      breaker.recordFailure(now);
      return;
    }
    // A healthy probe of a closed breaker proves nothing about the failures real requests just had.
    if (!wasClosed) breaker.recordSuccess();
    await refreshModels(backend, noHeaders, Math.max(1, this.options.timeoutMs - (now - startedAt)));
  }
}
