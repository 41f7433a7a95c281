import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { RequestOutcome } from '../../../src/bench/run/http-sender.js';
import { generateLoad, type LoadPlan } from '../../../src/bench/run/load-generator.js';

const base: LoadPlan = { requests: 20, concurrency: 4, arrival: 'constant', seed: 1 };

/** A send function that takes `ms` and tracks how many requests overlap. */
function slowSend(ms: number) {
  const state = { inFlight: 0, maxInFlight: 0, starts: [] as number[] };
  const send = async (_index: number, startedAt: number): Promise<RequestOutcome> => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    state.starts.push(startedAt);
    await sleep(ms);
    state.inFlight--;
    return { ok: true, latencyMs: performance.now() - startedAt };
  };
  return { send, state };
}

describe('generateLoad', () => {
  it('closed loop: sends exactly n requests with at most c in flight and reports progress', async () => {
    const { send, state } = slowSend(2);
    const progress: number[] = [];
    const run = await generateLoad(base, send, (done) => progress.push(done));
    expect(run.outcomes).to.have.length(20);
    expect(state.maxInFlight).to.equal(4);
    expect(progress.at(-1)).to.equal(20);
  });

  it('closed loop with a duration stops starting requests when time is up', async () => {
    const { send } = slowSend(5);
    const run = await generateLoad({ ...base, requests: Infinity, concurrency: 2, durationMs: 60 }, send);
    expect(run.outcomes.length).to.be.within(2, 40);
    expect(run.durationMs).to.be.at.least(60);
  });

  it('open loop: starts requests on the schedule, whatever the server does', async () => {
    // GIVEN a server slower than the arrival gap (20 ms work, a request every 5 ms)
    const { send, state } = slowSend(20);
    // WHEN
    const run = await generateLoad({ ...base, requests: 10, rate: 200 }, send);
    // THEN requests overlap instead of waiting for each other, and start times are the scheduled ones
    expect(run.outcomes).to.have.length(10);
    expect(state.maxInFlight).to.be.above(1);
    const gaps = state.starts.slice(1).map((start, index) => start - state.starts[index]);
    gaps.forEach((gap) => expect(gap).to.be.closeTo(5, 1e-6));
  });

  it('open loop: Poisson arrivals repeat for the same seed', async () => {
    const first = slowSend(0);
    const second = slowSend(0);
    await generateLoad({ ...base, requests: 5, rate: 1000, arrival: 'poisson', seed: 9 }, first.send);
    await generateLoad({ ...base, requests: 5, rate: 1000, arrival: 'poisson', seed: 9 }, second.send);
    const gapsOf = (starts: number[]) => starts.slice(1).map((start, index) => start - starts[index]);
    const firstGaps = gapsOf(first.state.starts);
    gapsOf(second.state.starts).forEach((gap, index) => expect(gap).to.be.closeTo(firstGaps[index], 1e-6));
    expect(new Set(firstGaps.map((gap) => gap.toFixed(6))).size).to.be.above(1);
  });

  it('open loop latency counts from the scheduled start', async () => {
    const run = await generateLoad({ ...base, requests: 1, rate: 10 }, async (_index, startedAt) => {
      await sleep(15);
      return { ok: true, latencyMs: performance.now() - startedAt };
    });
    expect(run.outcomes[0].latencyMs).to.be.at.least(14);
  });
});
