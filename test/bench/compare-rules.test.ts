import { expect } from 'chai';
import { describe, it } from 'mocha';
import { combineVerdicts, compareMetrics, defaultCompareRules, type MetricComparison } from '../../src/bench/compare-rules.js';
import { craftResult, latencySamples } from '../support/bench-results.js';

const rules = { ...defaultCompareRules, resamples: 500 };
const baseline = craftResult(latencySamples(1000, 10, 1));

function verdictOf(metrics: MetricComparison[], metric: string): string {
  return metrics.find((row) => row.metric === metric)!.verdict;
}

describe('compareMetrics', () => {
  it('passes every metric when nothing changed', () => {
    const metrics = compareMetrics(baseline, baseline, rules);
    expect(metrics.map((row) => row.verdict)).to.deep.equal(['pass', 'pass', 'pass', 'pass']);
    expect(metrics[0]).to.include({ metric: 'p95_latency', change: 0 });
    expect(metrics[0].interval![0]).to.be.below(1);
  });

  it('fails a real 30% p95 regression with the interval wholly above 1.2', () => {
    const slow = craftResult(latencySamples(1000, 10, 2).map((value) => value * 1.3));
    const metrics = compareMetrics(baseline, slow, rules);
    expect(verdictOf(metrics, 'p95_latency')).to.equal('fail');
    expect(metrics[0].interval![0]).to.be.above(1.2);
    expect(metrics[0].reason).to.match(/lies wholly above 1\.20/);
    expect(verdictOf(metrics, 'p50_latency')).to.equal('warn');
    expect(combineVerdicts(metrics.map((row) => row.verdict))).to.equal('fail');
  });

  it('does not alarm on noise that crosses the threshold only in the point estimate', () => {
    // GIVEN two runs of one build, 30 samples each: p95 rests on the top two values and moves by 36% here
    const small = craftResult(latencySamples(30, 10, 204));
    const noisy = craftResult(latencySamples(30, 10, 205));
    // WHEN
    const statistical = compareMetrics(small, noisy, rules);
    const plain = compareMetrics(small, noisy, { ...rules, rule: 'threshold' });
    // THEN the plain rule fails on the point estimate, the statistical one does not
    expect(statistical[0].change!).to.be.closeTo(0.363, 0.001);
    expect(verdictOf(plain, 'p95_latency')).to.equal('fail');
    expect(verdictOf(statistical, 'p95_latency')).to.equal('pass');
    expect(statistical[0].reason).to.match(/not significant/);
  });

  it('is inconclusive with too few samples', () => {
    const few = craftResult(latencySamples(10, 10, 3));
    const metrics = compareMetrics(baseline, few, rules);
    expect(verdictOf(metrics, 'p95_latency')).to.equal('inconclusive');
    expect(metrics[0].reason).to.equal('too few successful samples to decide (10, need 30)');
    expect(verdictOf(compareMetrics(baseline, craftResult([]), rules), 'p95_latency')).to.equal('inconclusive');
  });

  it('fails the error rate only when the Wilson interval clears 1%', () => {
    const manyErrors = craftResult(latencySamples(1000, 10, 4), { failed: 30 });
    expect(verdictOf(compareMetrics(baseline, manyErrors, rules), 'error_rate')).to.equal('fail');
    // 2 errors in 100 requests is 2%, but the interval reaches down to 0.55%.
    const fewRequests = craftResult(latencySamples(98, 10, 5), { failed: 2 });
    const metrics = compareMetrics(baseline, fewRequests, rules);
    expect(verdictOf(metrics, 'error_rate')).to.equal('inconclusive');
    expect(verdictOf(compareMetrics(baseline, fewRequests, { ...rules, rule: 'threshold' }), 'error_rate')).to.equal('fail');
    expect(verdictOf(compareMetrics(baseline, craftResult([]), rules), 'error_rate')).to.equal('inconclusive');
  });

  it('warns on a throughput change over 15% either way', () => {
    const slower = craftResult(latencySamples(1000, 10, 1), { throughput: 80 });
    expect(verdictOf(compareMetrics(baseline, slower, rules), 'throughput')).to.equal('warn');
    expect(verdictOf(compareMetrics(craftResult([1], { throughput: 0 }), slower, rules), 'throughput')).to.equal('pass');
  });

  it('applies the plain rule to point estimates', () => {
    const slow = craftResult(latencySamples(1000, 10, 1).map((value) => value * 1.12));
    const metrics = compareMetrics(baseline, slow, { ...rules, rule: 'threshold' });
    expect(metrics.map((row) => [row.metric, row.verdict, row.interval])).to.deep.equal([
      ['p95_latency', 'warn', null], ['error_rate', 'pass', null], ['p50_latency', 'pass', null], ['throughput', 'pass', null],
    ]);
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
