import { performance } from 'node:perf_hooks';
import { roundOrders, type AbSide, type RoundOrder } from './round-order.js';
import { BenchInputError } from '../bench-input-error.js';
import type { BenchResult } from '../result/result-schema.js';
import { buildResult } from '../result/run-result.js';
import { cpuReadingFor, measureWithCpu, metricsPageOf, type CpuReading } from '../run/cpu-measured-run.js';
import type { LoadRun } from '../run/load-generator.js';
import { openLoadTarget, type LoadTarget } from '../run/load-target.js';
import { describeEnvironment } from '../run/run-environment.js';
import type { RunConfig } from '../run/run-options.js';

export interface AbPlan {
  /** The load of one run, one side of one round (a scenario applied, `numRequests` the round size). */
  readonly load: RunConfig;
  readonly urls: Readonly<Record<AbSide, string>>;
  readonly rounds: number;
  /** Requests each side gets before the first round, not counted. */
  readonly warmup: number;
  /** Seeds the round order. */
  readonly seed: number;
  /** Whether each side's CPU is read from its own `/metrics` in every round. */
  readonly targetCpu: boolean;
}

/** Told before each run starts. */
export interface AbRunStart {
  /** 0 for the warm-up, then 1..rounds. */
  readonly round: number;
  readonly rounds: number;
  readonly side: AbSide;
  readonly url: string;
  /** Counted runs already done (0..2 * rounds - 1; 0 during the warm-up). */
  readonly done: number;
  readonly elapsedMs: number;
}

export interface SideRun {
  readonly load: LoadRun;
  readonly result: BenchResult;
}

export interface AbRound {
  readonly order: RoundOrder;
  readonly baseline: SideRun;
  readonly current: SideRun;
}

/** A target that answered nothing in its warm-up cannot be measured: bad input (exit 2), not a regression. */
function checkAnswered(target: LoadTarget, warmUp: LoadRun): void {
  if (warmUp.outcomes.some((outcome) => outcome.ok)) return;
  const kinds = [...new Set(warmUp.outcomes.map((outcome) => outcome.errorKind ?? 'unknown'))].join(', ');
  throw new BenchInputError(target.url, `no successful response in the ${warmUp.outcomes.length} warm-up requests (${kinds}): is it up?`);
}

/**
 * Where each side's CPU is read: its own `/metrics`. A side whose reading fails is told once to `onCpuProblem` and
 * not read again, so its rounds have no CPU figures and the CPU row says why.
 */
function cpuReadings(plan: AbPlan, onCpuProblem: (url: string, problem: string) => void): Partial<Record<AbSide, CpuReading>> {
  const readings: Partial<Record<AbSide, CpuReading>> = {};
  if (!plan.targetCpu) return readings;
  for (const side of ['baseline', 'current'] as const) {
    const url = metricsPageOf(plan.urls[side]);
    readings[side] = cpuReadingFor(plan.load, url, (problem) => {
      delete readings[side];
      onCpuProblem(url, problem);
    });
  }
  return readings;
}

/**
 * Measures both targets in interleaved rounds (see roundOrders) after a
 * warm-up per side, over connections kept open from round to round, each
 * side's CPU read over its own runs; returns each round's runs.
 */
export async function measureAbRounds(
  plan: AbPlan, onRunStart: (event: AbRunStart) => void = () => undefined, onCpuProblem: (url: string, problem: string) => void = () => undefined,
): Promise<AbRound[]> {
  const environment = await describeEnvironment();
  const open: LoadTarget[] = [];
  const openSide = async (side: AbSide): Promise<LoadTarget> => {
    const target = await openLoadTarget(plan.load, plan.urls[side]);
    open.push(target);
    return target;
  };
  try {
    const opened: Record<AbSide, LoadTarget> = { baseline: await openSide('baseline'), current: await openSide('current') };
    const orders = roundOrders(plan.rounds, plan.seed);
    const started = performance.now();
    const tell = (round: number, side: AbSide, done: number) => onRunStart({
      round, rounds: plan.rounds, side, url: plan.urls[side], done, elapsedMs: performance.now() - started,
    });
    for (const side of orders[0]!) {
      tell(0, side, 0);
      checkAnswered(opened[side], await opened[side].warmUp(plan.warmup));
    }
    const rounds: AbRound[] = [];
    const cpu = cpuReadings(plan, onCpuProblem);
    for (const [index, order] of orders.entries()) {
      const runs: Partial<Record<AbSide, SideRun>> = {};
      for (const [position, side] of order.entries()) {
        tell(index + 1, side, 2 * index + position);
        const { run, targetCpu } = await measureWithCpu(opened[side], cpu[side]);
        runs[side] = { load: run, result: buildResult(run, opened[side].parameters, environment, targetCpu) };
      }
      rounds.push({ order, baseline: runs.baseline!, current: runs.current! });
    }
    return rounds;
  } finally {
    await Promise.all(open.map((target) => target.close()));
  }
}

/** One side's runs of `rounds` as one result: its error rate and throughput over all of them. */
export function poolSide(rounds: readonly AbRound[], side: AbSide): BenchResult {
  const runs = rounds.map((round) => round[side]);
  const [first] = runs;
  if (first === undefined) throw new RangeError('no rounds to pool');
  const load: LoadRun = { outcomes: runs.flatMap((run) => run.load.outcomes), durationMs: runs.reduce((sum, run) => sum + run.load.durationMs, 0) };
  const counts = runs.map((run) => run.result.parameters.num_requests);
  const requests = counts.includes(null) ? null : counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
  return buildResult(load, { ...first.result.parameters, num_requests: requests }, first.result.environment);
}
