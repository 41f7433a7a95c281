import { expect } from 'chai';
import { describe, it } from 'mocha';
import { judgeAbRounds, type ResultPair } from '../../../src/bench/ab/paired-rules.js';
import { defaultCompareRules, type MetricComparison } from '../../../src/bench/compare/compare-rules.js';
import { cpuWindows, craftResult, latencySamples, type CraftOptions } from '../../support/bench-results.js';

const rules = defaultCompareRules;

/**
 * Rounds whose latencies drift as a runner's do (round r is `drift(r)` times slower for both sides); the current
 * side is `factor(r)` times slower than the baseline in round r.
 */
function craftRounds(count: number, factor: (round: number) => number, options: CraftOptions = {}): { rounds: ResultPair[]; pooled: ResultPair } {
  const drift = (round: number) => 1 + 0.4 * Math.sin(round);
  const rounds = Array.from({ length: count }, (_, round) => ({
    baseline: craftResult(latencySamples(200, 10 * drift(round), 2 * round + 1), options),
    current: craftResult(latencySamples(200, 10 * drift(round) * factor(round), 2 * round + 2), options),
  }));
  const pool = (side: 'baseline' | 'current') => craftResult(rounds.flatMap((round) => round[side].latencies_ms), options);
  return { rounds, pooled: { baseline: pool('baseline'), current: pool('current') } };
}

function rowOf(metrics: MetricComparison[], metric: string): MetricComparison {
  return metrics.find((row) => row.metric === metric)!;
}

describe('judgeAbRounds', () => {
  it('passes two sides of one build although the rounds drift by up to 40%, in compare\'s report order', () => {
    const { rounds, pooled } = craftRounds(10, () => 1);
    const metrics = judgeAbRounds(rounds, pooled, rules);
    expect(metrics.map((row) => [row.metric, row.verdict])).to.deep.equal([
      ['p95_latency', 'pass'], ['error_rate', 'pass'], ['p50_latency', 'pass'], ['throughput', 'pass'],
    ]);
    const p95 = rowOf(metrics, 'p95_latency');
    expect(p95.interval![0]).to.be.below(1);
    expect(p95.interval![1]).to.be.above(1);
    expect(p95.reason).to.match(/^within limits: 95\.0% CI of the ratio .*; 10 paired rounds$/);
  });

  it('fails a 30% slowdown in every round, with the paired estimate as the change', () => {
    const { rounds, pooled } = craftRounds(10, () => 1.3);
    const p95 = rowOf(judgeAbRounds(rounds, pooled, rules), 'p95_latency');
    expect(p95.verdict).to.equal('fail');
    expect(p95.change).to.be.within(0.2, 0.4);
    expect(p95.interval![0]).to.be.above(1);
    // baseline and current: the medians of the sides' per-round p95s
    expect(p95.current! / p95.baseline!).to.be.within(1.15, 1.45);
  });

  it('is not moved past the limit by one round in which only one side was disturbed', () => {
    const { rounds, pooled } = craftRounds(10, (round) => (round === 4 ? 3 : 1));
    const p95 = rowOf(judgeAbRounds(rounds, pooled, rules), 'p95_latency');
    expect(p95.verdict).to.equal('pass');
    expect(p95.change).to.be.below(0.1);
  });

  it('judges the estimate alone with --rule threshold, still reporting the interval', () => {
    // GIVEN a 25% slowdown in every round
    const { rounds, pooled } = craftRounds(10, () => 1.25);
    const plain = rowOf(judgeAbRounds(rounds, pooled, { ...rules, rule: 'threshold' }), 'p95_latency');
    expect(plain).to.include({ verdict: 'fail', reason: 'changed by more than 20.0% (plain threshold); 10 paired rounds' });
    expect(plain.interval).to.have.length(2);
  });

  it('is inconclusive when a round has too few samples, and passes a metric the baseline never measured', () => {
    const { rounds, pooled } = craftRounds(10, () => 1);
    const few = rounds.map((round, index) => (index === 3 ? { ...round, current: craftResult(latencySamples(10, 10, 99)) } : round));
    expect(rowOf(judgeAbRounds(few, pooled, rules), 'p95_latency')).to.include({
      verdict: 'inconclusive', reason: 'too few samples in a round to decide (10, need 30)',
    });
    const gateway = rounds.map((round) => ({ ...round, current: craftResult(round.current.latencies_ms, { gatewayTiming: [0.1, 0.2] }) }));
    expect(rowOf(judgeAbRounds(gateway, pooled, rules), 'gateway_overhead_p95')).to.include({ verdict: 'pass', reason: 'the baseline has no samples of it' });
  });

  it('gates TTFT and the gateway\'s own time on the rounds, but only reports the latter where the scenario says so', () => {
    const ttft = (round: number, slower: number) => latencySamples(200, 100 * slower, 50 + round);
    const rounds = Array.from({ length: 8 }, (_, round) => ({
      baseline: craftResult(latencySamples(200, 10, round), { ttft: ttft(round, 1), gatewayTiming: latencySamples(200, 0.1, round) }),
      current: craftResult(latencySamples(200, 10, round + 100), { ttft: ttft(round, 1.5), gatewayTiming: latencySamples(200, 0.2, round) }),
    }));
    const pooled = rounds[0]!;
    const gated = judgeAbRounds(rounds, pooled, rules);
    expect(rowOf(gated, 'ttft_p95').verdict).to.equal('fail');
    expect(rowOf(gated, 'gateway_overhead_p95').verdict).to.equal('fail');
    const reported = rowOf(judgeAbRounds(rounds, pooled, { ...rules, reportedOnly: new Set(['gateway_overhead_p95'] as const) }), 'gateway_overhead_p95');
    expect(reported.verdict).to.equal('pass');
    expect(reported.reason).to.match(/^reported, not gated in this scenario \(slower by more than 20\.0%/);
  });

  it('fails the error rate of the current side\'s rounds pooled, as compare does', () => {
    const { rounds } = craftRounds(10, () => 1);
    const pooled = { baseline: craftResult(latencySamples(2000, 10, 1)), current: craftResult(latencySamples(1970, 10, 2), { failed: 30 }) };
    expect(rowOf(judgeAbRounds(rounds, pooled, rules), 'error_rate')).to.include({ verdict: 'fail', current: 0.015 });
  });

  it('judges CPU per request on each round\'s own figure, so a machine that drifts between rounds cancels out', () => {
    // GIVEN rounds whose CPU per request drifts by up to ±40 % for both sides, the current side 30 % costlier in every round
    const drift = (round: number) => 1 + 0.4 * Math.sin(round);
    const craft = (factor: number) => Array.from({ length: 10 }, (_, round) => ({
      baseline: craftResult(latencySamples(200, 10, round), { targetCpu: cpuWindows(5, 200 * drift(round), round) }),
      current: craftResult(latencySamples(200, 10, round + 50), { targetCpu: cpuWindows(5, 200 * drift(round) * factor, round + 50) }),
    }));
    const gated = { ...rules, reportedOnly: new Set<never>() };
    // WHEN
    const same = rowOf(judgeAbRounds(craft(1), craft(1)[0]!, gated), 'target_cpu_per_request');
    const costlier = rowOf(judgeAbRounds(craft(1.3), craft(1)[0]!, gated), 'target_cpu_per_request');
    // THEN
    expect(same).to.include({ verdict: 'pass' });
    expect(same.change).to.be.within(-0.05, 0.05);
    expect(costlier).to.include({ verdict: 'fail' });
    expect(costlier.change).to.be.within(0.25, 0.35);
    expect(costlier.reason).to.match(/; 10 paired rounds$/);
  });

  it('is inconclusive on CPU when the current side has no CPU figures, and leaves the row out when neither side has', () => {
    const { rounds, pooled } = craftRounds(10, () => 1);
    expect(judgeAbRounds(rounds, pooled, rules).map((row) => row.metric)).not.to.include('target_cpu_per_request');
    const withCpu = (result: typeof rounds[number]['baseline'], seed: number) => craftResult(result.latencies_ms, { targetCpu: cpuWindows(5, 200, seed) });
    const baselineOnly = rounds.map((round, index) => ({ ...round, baseline: withCpu(round.baseline, index) }));
    const gated = { ...rules, reportedOnly: new Set<never>() };
    expect(rowOf(judgeAbRounds(baselineOnly, pooled, gated), 'target_cpu_per_request')).to.include({
      verdict: 'inconclusive', reason: 'a round measured nothing or 0 on one side: no ratio',
    });
  });
});
