import { CpuSampler } from './cpu-sampler.js';
import type { LoadRun } from './load-generator.js';
import type { LoadTarget } from './load-target.js';
import type { RunConfig } from './run-options.js';
import type { TargetCpu } from '../result/result-schema.js';

/** Where and how often to read the target's process_cpu_seconds_total during a run. */
export interface CpuReading {
  /** The target's Prometheus /metrics page. */
  readonly url: string;
  readonly windowMs: number;
  readonly timeoutMs: number;
  /** Told why there are no CPU figures (the target has no counter, a read failed); the run goes on without them. */
  readonly onProblem: (problem: string) => void;
}

/** Where a target serves its process_cpu_seconds_total unless told otherwise: `/metrics` at its origin. */
export function metricsPageOf(url: string): string {
  return new URL('/metrics', url).href;
}

/** Reading `url` as often as `load` says (`--cpu-window-ms`), each read timed out like a request. */
export function cpuReadingFor(load: Pick<RunConfig, 'cpuWindowMs' | 'timeout'>, url: string, onProblem: (problem: string) => void): CpuReading {
  return { url, windowMs: load.cpuWindowMs, timeoutMs: load.timeout * 1000, onProblem };
}

/** The stderr line for a target without CPU figures. */
export function cpuProblemLine(url: string, problem: string): string {
  return `llm-bench: no target CPU figures: ${url}: ${problem}\n`;
}

export interface CpuMeasuredRun {
  readonly run: LoadRun;
  /** Undefined without a reading or after a problem. */
  readonly targetCpu: TargetCpu | undefined;
}

/** One measured phase of `target`, its CPU read over it when `cpu` says where: `llm-bench run` and each side of an ab round. */
export async function measureWithCpu(
  target: LoadTarget, cpu: CpuReading | undefined, onProgress: (done: number) => void = () => undefined,
): Promise<CpuMeasuredRun> {
  let completed = 0;
  const started = cpu === undefined
    ? undefined
    : await CpuSampler.start({ url: cpu.url, windowMs: cpu.windowMs, timeoutMs: cpu.timeoutMs, completed: () => completed });
  if (started !== undefined && !(started instanceof CpuSampler)) cpu!.onProblem(started.problem);
  const sampler = started instanceof CpuSampler ? started : undefined;
  const run = await target.measure((done) => {
    completed = done;
    onProgress(done);
  });
  const targetCpu = await sampler?.finish();
  if (targetCpu !== undefined && 'problem' in targetCpu) {
    cpu!.onProblem(targetCpu.problem);
    return { run, targetCpu: undefined };
  }
  return { run, targetCpu };
}
