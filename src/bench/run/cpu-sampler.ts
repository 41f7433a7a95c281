import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { scrapeProcessCpu } from './process-cpu-scrape.js';
import type { CpuWindow, TargetCpu } from '../result/result-schema.js';

export interface CpuSamplerOptions {
  /** The target's Prometheus /metrics page. */
  readonly url: string;
  readonly windowMs: number;
  readonly timeoutMs: number;
  /** Requests completed so far in the measured phase. */
  readonly completed: () => number;
}

export interface CpuProblem {
  readonly problem: string;
}

interface Reading {
  readonly requests: number;
  readonly cpuSeconds: number;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Reads the target's process_cpu_seconds_total before the measured phase,
 * every `windowMs` during it and once after it. Each reading is paired with
 * the requests completed when its answer arrived; consecutive readings make
 * the windows compare resamples.
 */
export class CpuSampler {
  /** Takes the first reading and starts the periodic ones; a target without the counter gives a problem instead. */
  static async start(options: CpuSamplerOptions): Promise<CpuSampler | CpuProblem> {
    const sampler = new CpuSampler(options);
    const problem = await sampler.read();
    if (problem !== undefined) return { problem };
    sampler.loop = sampler.readPeriodically();
    return sampler;
  }

  private readonly readings: Reading[] = [];
  private readonly stopped = new AbortController();
  private loop: Promise<void> = Promise.resolve();

  private constructor(private readonly options: CpuSamplerOptions) {}

  /** Stops the periodic readings, takes the last one, and returns the windows. */
  async finish(): Promise<TargetCpu | CpuProblem> {
    this.stopped.abort();
    await this.loop;
    const problem = await this.read();
    return problem === undefined ? this.summarize() : { problem };
  }

  private async read(): Promise<string | undefined> {
    const scrape = await scrapeProcessCpu(this.options.url, this.options.timeoutMs);
    if ('problem' in scrape) return scrape.problem;
    this.readings.push({ requests: this.options.completed(), cpuSeconds: scrape.cpuSeconds });
    return undefined;
  }

  private async readPeriodically(): Promise<void> {
    const { signal } = this.stopped;
    let due = performance.now() + this.options.windowMs;
    while (!signal.aborted) {
      try {
        await sleep(Math.max(0, due - performance.now()), undefined, { signal });
      } catch {
        return;
      }
      // A reading that fails mid-run is skipped: its window merges into the next one.
      await this.read();
      due = Math.max(due + this.options.windowMs, performance.now());
    }
  }

  private summarize(): TargetCpu | CpuProblem {
    const { readings } = this;
    const windows: CpuWindow[] = readings.slice(1).map((reading, index) => ({
      requests: reading.requests - readings[index]!.requests,
      cpu_s: round(reading.cpuSeconds - readings[index]!.cpuSeconds, 6),
    }));
    if (windows.some((window) => window.cpu_s < 0)) return { problem: 'process_cpu_seconds_total went down during the run (did the target restart?)' };
    const first = readings[0]!;
    const last = readings[readings.length - 1]!;
    const requests = last.requests - first.requests;
    const cpuSeconds = round(last.cpuSeconds - first.cpuSeconds, 6);
    return {
      metrics_url: this.options.url,
      window_ms: this.options.windowMs,
      windows,
      requests,
      cpu_s: cpuSeconds,
      cpu_us_per_request: requests > 0 ? round((cpuSeconds * 1e6) / requests, 3) : null,
    };
  }
}
