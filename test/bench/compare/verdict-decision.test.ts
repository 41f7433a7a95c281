import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { MetricComparison } from '../../../src/bench/compare/compare-rules.js';
import { decideVerdict, formatVerdictOutputs } from '../../../src/bench/compare/verdict-decision.js';

const row = (metric: MetricComparison['metric'], verdict: MetricComparison['verdict']): MetricComparison => ({
  metric, baseline: 10, current: 10, change: 0, interval: null, verdict, reason: 'r',
});
const settings = { rule: 'statistical', confidence: 0.95, failOnInconclusive: false } as const;
const source = { method: 'ab', baseline: 'http://127.0.0.1:1', current: 'http://127.0.0.1:2', rounds: 6 } as const;

describe('decideVerdict', () => {
  it('lets the worst metric decide, names the failing and undecided metrics, and keeps the source', () => {
    const verdict = decideVerdict(settings, source, 'llm', [row('p95_latency', 'warn'), row('ttft_p95', 'fail'), row('itl_p95', 'inconclusive')]);
    expect(verdict).to.deep.include({
      schema_version: 3, method: 'ab', status: 'fail', failed: true, baseline_eligible: false, failing_metrics: ['ttft_p95', 'itl_p95'], rounds: 6,
    });
    expect(formatVerdictOutputs(verdict)).to.equal('status=fail\nfailed=true\nbaseline-eligible=false\n');
  });

  it('passes an inconclusive verdict without making it a baseline, and fails it on a rerun', () => {
    const metrics = [row('p95_latency', 'inconclusive')];
    expect(decideVerdict(settings, source, null, metrics)).to.include({ status: 'inconclusive', failed: false, baseline_eligible: false });
    const rerun = decideVerdict({ ...settings, failOnInconclusive: true }, source, null, metrics);
    expect(rerun).to.include({ failed: true });
    expect(rerun.summary).to.match(/ \(inconclusive again after a rerun\)$/);
    expect(formatVerdictOutputs(decideVerdict(settings, source, null, [row('p95_latency', 'warn')]))).to.equal('status=warn\nfailed=false\nbaseline-eligible=true\n');
  });
});
