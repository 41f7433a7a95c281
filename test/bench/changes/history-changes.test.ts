import { expect } from 'chai';
import { describe, it } from 'mocha';
import { findHistoryChanges, seriesOf, worseUpwards, type ChangeRules } from '../../../src/bench/changes/history-changes.js';
import { craftHistory, noisySeries } from '../../support/bench-histories.js';

const rules: ChangeRules = { minSegment: 5, permutations: 199, significance: 0.01, seed: 1, newestNights: 14, minChange: 0.05 };

describe('history changes', () => {
  it('splits the history into one series per scenario and metric, skipping runs without a value', () => {
    const runs = [...craftHistory([1, 2, 3], 'overhead', 'p95_latency'), ...craftHistory([4, 5], 'llm', 'ttft_p95'), ...craftHistory([6], 'llm', 'p95_latency')];
    runs[1]!.metrics.p95_latency = null;
    expect(seriesOf(runs).map((series) => [series.scenario, series.metric, series.values])).to.deep.equal([
      ['overhead', 'p95_latency', [1, 3]], ['llm', 'p95_latency', [6]], ['llm', 'ttft_p95', [4, 5]],
    ]);
  });

  it('latency and errors get worse upwards, throughput and tokens/s downwards', () => {
    expect(['p95_latency', 'gateway_overhead_p95', 'error_rate', 'throughput', 'output_tokens_per_s'].map((metric) => worseUpwards(metric as never)))
      .to.deep.equal([true, true, true, false, false]);
  });

  it('sizes a step against the segments on either side and names the commits around it', () => {
    // GIVEN a +10% step 8 nights before the newest
    const runs = craftHistory(noisySeries(48, 21, { cv: 0.02, stepAt: 40, factor: 1.1 }));
    // WHEN
    const { changePoints, indices } = findHistoryChanges(runs, rules)[0]!;
    // THEN
    expect(indices).to.deep.equal([40]);
    const [point] = changePoints;
    expect(point).to.include({ scenario: 'overhead', metric: 'target_cpu_per_request', nights_after: 8, commit_before: 'c3900000', commit_after: 'c4000000' });
    expect(point).to.include({ timestamp_after: '2026-02-10T00:00:00.000Z', direction: 'regression', verdict: 'fail' });
    expect(point!.change).to.be.closeTo(0.1, 0.02);
    expect(point!.mean_before).to.be.closeTo(10, 0.2);
    expect(point!.p_value).to.be.at.most(0.01);
    expect(point!.reason).to.match(/^worse \(\+\d+\.\d%\) for the last 8 nights: a lasting regression, p = 0\.005$/);
  });

  it('judges only the newest nights, and only changes past the minimum, on gated metrics', () => {
    const step = (factor: number, stepAt = 40, scenario = 'overhead', metric: 'target_cpu_per_request' | 'p95_latency' | 'throughput' | 'gateway_overhead_p95' = 'target_cpu_per_request') =>
      findHistoryChanges(craftHistory(noisySeries(48, 5, { cv: 0.005, stepAt, factor }), scenario, metric), rules)[0]!.changePoints[0]!;
    expect(step(1.1, 20)).to.include({ verdict: 'pass', nights_after: 28 });
    expect(step(1.1, 20).reason).to.include('older than the newest 14 nights, reported only');
    expect(step(1.03).reason).to.include('smaller than 5.0%, reported only');
    expect(step(0.9)).to.include({ direction: 'improvement', verdict: 'warn' });
    expect(step(0.9, 40, 'overhead', 'throughput')).to.include({ direction: 'regression', verdict: 'fail' });
    expect(step(1.5, 40, 'llm', 'gateway_overhead_p95')).to.include({ verdict: 'pass' });
    expect(step(1.5, 40, 'llm', 'gateway_overhead_p95').reason).to.include('reported, not gated in this scenario');
    expect(step(1.5, 40, 'overhead', 'p95_latency')).to.include({ verdict: 'pass' });
    expect(step(1.5, 40, 'llm', 'p95_latency')).to.include({ verdict: 'fail' });
  });

  it('treats errors appearing where there were none as a regression of unknown size', () => {
    const errors = [...Array.from({ length: 40 }, () => 0), ...Array.from({ length: 6 }, () => 0.02)];
    const [point] = findHistoryChanges(craftHistory(errors, 'llm', 'error_rate'), rules)[0]!.changePoints;
    expect(point).to.include({ change: null, direction: 'regression', verdict: 'fail', nights_after: 6 });
    expect(point!.reason).to.match(/^worse \(from 0\)/);
  });
});
