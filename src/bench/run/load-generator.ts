import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestOutcome } from './http-sender.js';
import { createSeededRandom } from '../../random/seeded-random.js';

export const arrivalKinds = ['constant', 'poisson'] as const;
export type ArrivalKind = typeof arrivalKinds[number];

export interface LoadPlan {
  /** Infinity with a duration: run until the time is up. */
  readonly requests: number;
  readonly concurrency: number;
  readonly durationMs?: number;
  /** Requests per second: open loop. Without it, a closed loop of `concurrency` workers. */
  readonly rate?: number;
  readonly arrival: ArrivalKind;
  readonly seed: number;
}

export type SendRequest = (index: number, startedAt: number) => Promise<RequestOutcome>;

export interface LoadRun {
  readonly outcomes: RequestOutcome[];
  readonly durationMs: number;
}

async function runClosedLoop(plan: LoadPlan, send: SendRequest, record: (outcome: RequestOutcome) => void): Promise<void> {
  const deadline = plan.durationMs === undefined ? Infinity : performance.now() + plan.durationMs;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.requests && performance.now() < deadline) {
      const index = next++;
      record(await send(index, performance.now()));
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
}

/**
 * Open loop: request i starts at its scheduled time whatever the server is
 * doing, and its latency counts from that time, so a slow server cannot hide
 * the queue it builds (coordinated omission).
 */
async function runOpenLoop(plan: LoadPlan, rate: number, send: SendRequest, record: (outcome: RequestOutcome) => void): Promise<void> {
  const random = createSeededRandom(plan.seed);
  const meanGapMs = 1000 / rate;
  const nextGap = plan.arrival === 'poisson' ? () => -Math.log(1 - random()) * meanGapMs : () => meanGapMs;
  const start = performance.now();
  const deadline = plan.durationMs === undefined ? Infinity : start + plan.durationMs;
  const inFlight: Promise<void>[] = [];
  let scheduledAt = start;
  for (let index = 0; index < plan.requests && scheduledAt < deadline; index++) {
    const wait = scheduledAt - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(send(index, scheduledAt).then(record));
    scheduledAt += nextGap();
  }
  await Promise.all(inFlight);
}

/** Runs the plan and returns every request's outcome, in completion order. */
export async function generateLoad(plan: LoadPlan, send: SendRequest, onProgress?: (done: number) => void): Promise<LoadRun> {
  const outcomes: RequestOutcome[] = [];
  const record = (outcome: RequestOutcome): void => {
    outcomes.push(outcome);
    onProgress?.(outcomes.length);
  };
  const start = performance.now();
  if (plan.rate === undefined) await runClosedLoop(plan, send, record);
  else await runOpenLoop(plan, plan.rate, send, record);
  return { outcomes, durationMs: performance.now() - start };
}
