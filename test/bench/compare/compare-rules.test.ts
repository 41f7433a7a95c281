import { expect } from 'chai';
import { describe, it } from 'mocha';
import { combineVerdicts, compareMetrics, defaultCompareRules, type MetricComparison } from '../../../src/bench/compare/compare-rules.js';
import { cpuWindows, craftResult, latencySamples } from '../../support/bench-results.js';

const rules = { ...defaultCompareRules, resamples: 500 };
const baseline = craftResult(latencySamples(1000, 10, 1));

function rowOf(metrics: MetricComparison[], metric: string): MetricComparison {
  return metrics.find((row) => row.metric === metric)!;
}

describe('compareMetrics', () => {
  it('passes every metric when nothing changed, and reports only what was measured', () => {
    const metrics = compareMetrics(baseline, baseline, rules);
    expect(metrics.map((row) => [row.metric, row.verdict])).to.deep.equal([
      ['p95_latency', 'pass'], ['error_rate', 'pass'], ['p50_latency', 'pass'], ['throughput', 'pass'],
    ]);
    expect(metrics[0]).to.include({ metric: 'p95_latency', change: 0 });
    expect(metrics[0].interval![0]).to.be.below(1);
  });

  it('fails a p95 past the limit whose whole interval lies above no-change', () => {
    // GIVEN a 25% slowdown: the estimate is past 20%, the interval dips below 1.2 but not below 1
    const slow = craftResult(latencySamples(1000, 10, 2).map((value) => value * 1.25));
    // WHEN
    const p95 = rowOf(compareMetrics(baseline, slow, rules), 'p95_latency');
    // THEN
    expect(p95.verdict).to.equal('fail');
    expect(p95.interval![0]).to.be.above(1).and.below(1.2);
    expect(p95.reason).to.match(/slower by more than 20\.0% .*lies wholly above 1$/);
  });

  it('does not alarm when the estimate is past the limit but the interval reaches no-change', () => {
    // GIVEN two runs of one build, 30 samples each: p95 rests on the top two values and moves by 36% here
    const small = craftResult(latencySamples(30, 10, 204));
    const noisy = craftResult(latencySamples(30, 10, 205));
    // WHEN
    const statistical = compareMetrics(small, noisy, rules);
    const plain = compareMetrics(small, noisy, { ...rules, rule: 'threshold' });
    // THEN the plain rule fails on the point estimate, the statistical one does not
    expect(statistical[0].change!).to.be.closeTo(0.363, 0.001);
    expect(rowOf(plain, 'p95_latency').verdict).to.equal('fail');
    expect(rowOf(statistical, 'p95_latency').verdict).to.equal('pass');
    expect(statistical[0].reason).to.match(/not shown to be real/);
  });

  it('gates TTFT, ITL and gateway-overhead p95 when the results carry their samples', () => {
    // GIVEN a streaming baseline and a current run whose TTFT and gateway time are 30% longer
    const stream = { parameters: { stream: true } };
    const base = craftResult(latencySamples(500, 100, 1), {
      ...stream, ttft: latencySamples(500, 50, 2), itl: latencySamples(5000, 10, 3), gatewayTiming: latencySamples(500, 0.2, 4), tokensPerSec: 1000,
    });
    const slower = craftResult(latencySamples(500, 100, 5), {
      ...stream, ttft: latencySamples(500, 65, 6), itl: latencySamples(5000, 10, 7), gatewayTiming: latencySamples(500, 0.26, 8), tokensPerSec: 800,
    });
    // WHEN
    const metrics = compareMetrics(base, slower, rules);
    // THEN
    expect(metrics.map((row) => [row.metric, row.verdict])).to.deep.equal([
      ['p95_latency', 'pass'], ['ttft_p95', 'fail'], ['itl_p95', 'pass'], ['gateway_overhead_p95', 'fail'],
      ['error_rate', 'pass'], ['p50_latency', 'pass'], ['throughput', 'pass'], ['output_tokens_per_s', 'warn'],
    ]);
  });

  it('reports but never gates the gateway\'s own time where the scenario says so (the llm scenario)', () => {
    // GIVEN the gateway's own time 1.5x longer, end-to-end latency the same
    const base = craftResult(latencySamples(500, 10, 1), { gatewayTiming: latencySamples(500, 0.2, 2) });
    const slower = craftResult(latencySamples(500, 10, 1), { gatewayTiming: latencySamples(500, 0.2, 2).map((value) => value * 1.5) });
    // WHEN it is compared with and without the gate on that metric
    const gated = rowOf(compareMetrics(base, slower, rules), 'gateway_overhead_p95');
    const reported = rowOf(compareMetrics(base, slower, { ...rules, reportedOnly: new Set(['gateway_overhead_p95'] as const) }), 'gateway_overhead_p95');
    // THEN the change shows either way, but fails only where it is gated
    expect(gated.verdict).to.equal('fail');
    expect(reported).to.include({ verdict: 'pass', change: gated.change });
    expect(reported.reason).to.match(/^reported, not gated in this scenario \(/);
  });

  it('fails p50 only where a limit for it is set', () => {
    const slow = craftResult(latencySamples(1000, 10, 2).map((value) => value * 1.3));
    expect(rowOf(compareMetrics(baseline, slow, rules), 'p50_latency').verdict).to.equal('warn');
    expect(rowOf(compareMetrics(baseline, slow, { ...rules, failP50: 0.2 }), 'p50_latency').verdict).to.equal('fail');
  });

  it('is inconclusive with too few samples', () => {
    const few = craftResult(latencySamples(10, 10, 3));
    const metrics = compareMetrics(baseline, few, rules);
    expect(rowOf(metrics, 'p95_latency').verdict).to.equal('inconclusive');
    expect(metrics[0].reason).to.equal('too few samples to decide (10, need 30)');
    expect(rowOf(compareMetrics(baseline, craftResult([]), rules), 'p95_latency').verdict).to.equal('inconclusive');
  });

  it('fails an observed error rate above 1% and reports the Wilson interval', () => {
    // 6 errors in 500 requests is 1.2%: the seed's rule fails it even though the interval reaches below 1%.
    const errors = compareMetrics(baseline, craftResult(latencySamples(494, 10, 5), { failed: 6 }), rules);
    expect(rowOf(errors, 'error_rate')).to.include({ verdict: 'fail' });
    expect(rowOf(errors, 'error_rate').interval![0]).to.be.below(0.01);
    expect(rowOf(errors, 'error_rate').reason).to.match(/^above 1\.0% \(6 of 500; 95\.0% Wilson interval/);
    expect(rowOf(compareMetrics(baseline, craftResult(latencySamples(995, 10, 5), { failed: 5 }), rules), 'error_rate').verdict).to.equal('pass');
    expect(rowOf(compareMetrics(baseline, craftResult([]), rules), 'error_rate').verdict).to.equal('inconclusive');
  });

  it('warns on a throughput change over 15% either way', () => {
    const slower = craftResult(latencySamples(1000, 10, 1), { throughput: 80 });
    expect(rowOf(compareMetrics(baseline, slower, rules), 'throughput').verdict).to.equal('warn');
    expect(rowOf(compareMetrics(craftResult([1], { throughput: 0 }), slower, rules), 'throughput').verdict).to.equal('pass');
  });

  it('applies the plain rule to point estimates', () => {
    const slow = craftResult(latencySamples(1000, 10, 1).map((value) => value * 1.12));
    const metrics = compareMetrics(baseline, slow, { ...rules, rule: 'threshold' });
    expect(metrics.map((row) => [row.metric, row.verdict, row.metric === 'error_rate' ? null : row.interval])).to.deep.equal([
      ['p95_latency', 'warn', null], ['error_rate', 'pass', null], ['p50_latency', 'pass', null], ['throughput', 'pass', null],
    ]);
  });
});

describe('compareMetrics: target CPU per request', () => {
  const gated = { ...rules, reportedOnly: new Set<never>() };
  const withCpu = (cpu: ReturnType<typeof cpuWindows> | undefined) => (
    craftResult(latencySamples(1000, 10, 1), cpu === undefined ? {} : { targetCpu: cpu }));
  const base = withCpu(cpuWindows(40, 300, 1));

  it('fails CPU per request 1.33x the baseline\'s, by window bootstrap or by the plain threshold', () => {
    // GIVEN the same latencies, and the target spending 400 µs of CPU per request instead of 300
    const costlier = withCpu(cpuWindows(40, 400, 2));
    // WHEN
    const statistical = rowOf(compareMetrics(base, costlier, gated), 'target_cpu_per_request');
    const plain = rowOf(compareMetrics(base, costlier, { ...gated, rule: 'threshold' }), 'target_cpu_per_request');
    // THEN
    expect(statistical).to.include({ verdict: 'fail', baseline: base.target_cpu!.cpu_us_per_request });
    expect(statistical.change).to.be.closeTo(1 / 3, 0.03);
    expect(statistical.interval![0]).to.be.above(1.2);
    expect(statistical.interval![1]).to.be.below(1.5);
    expect(statistical.reason).to.match(/^slower by more than 20\.0% .*lies wholly above 1$/);
    expect(plain).to.include({ verdict: 'fail', interval: null });
  });

  it('passes the same cost, and a change within the limit even when it is real', () => {
    const same = rowOf(compareMetrics(base, withCpu(cpuWindows(40, 300, 3)), gated), 'target_cpu_per_request');
    expect(same.verdict).to.equal('pass');
    expect(same.interval![0]).to.be.below(1);
    expect(same.interval![1]).to.be.above(1);
    const tenPercent = rowOf(compareMetrics(base, withCpu(cpuWindows(40, 330, 4)), gated), 'target_cpu_per_request');
    expect(tenPercent.verdict).to.equal('pass');
  });

  it('is inconclusive with fewer than 20 windows, and passes when the baseline has no CPU figures', () => {
    const few = rowOf(compareMetrics(base, withCpu(cpuWindows(10, 300, 5)), gated), 'target_cpu_per_request');
    expect(few).to.include({ verdict: 'inconclusive', reason: 'too few CPU windows to decide (10, need 20)' });
    const lost = rowOf(compareMetrics(base, withCpu(undefined), gated), 'target_cpu_per_request');
    expect(lost).to.include({ verdict: 'inconclusive', current: null });
    const noBaseline = rowOf(compareMetrics(withCpu(undefined), base, gated), 'target_cpu_per_request');
    expect(noBaseline).to.include({ verdict: 'pass', reason: 'the baseline has no CPU figures' });
  });

  it('is reported after the gateway overhead, and only reported unless the rules gate it', () => {
    const costlier = withCpu(cpuWindows(40, 400, 2));
    const metrics = compareMetrics(base, costlier, rules);
    expect(metrics.map((row) => row.metric)).to.deep.equal(['p95_latency', 'target_cpu_per_request', 'error_rate', 'p50_latency', 'throughput']);
    expect(rowOf(metrics, 'target_cpu_per_request').verdict).to.equal('pass');
    expect(rowOf(metrics, 'target_cpu_per_request').reason).to.match(/^reported, not gated in this scenario \(slower by more than 20\.0%/);
  });
});

describe('combineVerdicts', () => {
  it('lets the worst verdict win', () => {
    expect(combineVerdicts([])).to.equal('pass');
    expect(combineVerdicts(['pass', 'warn'])).to.equal('warn');
    expect(combineVerdicts(['warn', 'inconclusive'])).to.equal('inconclusive');
    expect(combineVerdicts(['inconclusive', 'fail', 'pass'])).to.equal('fail');
  });
});
