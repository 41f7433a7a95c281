import { expect } from 'chai';
import { describe, it } from 'mocha';
import { findHistoryChanges, type ChangeRules } from '../../../src/bench/changes/history-changes.js';
import { buildHistoryVerdict, formatChangeCharts, formatChangePointTable, formatHistorySection } from '../../../src/bench/changes/history-report.js';
import { historyVerdictSchema } from '../../../src/bench/result/history-verdict-schema.js';
import { parseVersioned } from '../../../src/bench/result/parse-file.js';
import { verdictVersions } from '../../../src/bench/result/verdict-schema.js';
import { craftHistory, noisySeries } from '../../support/bench-histories.js';

const rules: ChangeRules = { minSegment: 5, permutations: 199, significance: 0.01, seed: 1, newestNights: 14, minChange: 0.05 };

/** overhead CPU per request steps up 10% 8 nights ago and 20% long before; llm TTFT stays flat. */
function history() {
  const overhead = noisySeries(48, 21, { cv: 0.01, stepAt: 40, factor: 1.1 }).map((value, night) => (night < 15 ? value / 1.2 : value));
  return [...craftHistory(overhead), ...craftHistory(noisySeries(48, 22, { level: 100, cv: 0.01 }), 'llm', 'ttft_p95')];
}

describe('history report', () => {
  const found = findHistoryChanges(history(), rules);
  const verdict = buildHistoryVerdict('bench/history.json', found, rules, '2026-12-01T00:00:00.000Z');

  it('fails on a lasting regression at the newest nights, as a compare verdict llm-bench issue reads', () => {
    expect(verdict).to.include({ status: 'fail', failed: true, baseline_eligible: false, scenario: null, rule: 'statistical', confidence: 0.99 });
    expect(verdict.failing_metrics).to.deep.equal(['target_cpu_per_request']);
    expect(verdict.summary).to.match(/^FAIL: change point at the newest nights: overhead target CPU per request \+\d+\.\d% since c400000 \(8 nights\)$/);
    expect(verdict.metrics).to.have.length(1);
    expect(verdict.metrics[0]).to.include({ metric: 'target_cpu_per_request', verdict: 'fail', interval: null });
    expect(verdict.metrics[0]!.reason).to.match(/^overhead: change point between c390000 and c400000, worse/);
    expect(verdict.change_points.map((point) => [point.nights_after, point.verdict])).to.deep.equal([[33, 'pass'], [8, 'fail']]);
    expect(historyVerdictSchema.parse(verdict)).to.deep.equal(verdict);
    expect(parseVersioned(verdictVersions, 'history-verdict.json', 'a compare verdict', JSON.parse(JSON.stringify(verdict)))).to.include({ status: 'fail', failed: true });
  });

  it('passes and says how many older change points it found when the newest nights are steady', () => {
    const older = buildHistoryVerdict('h.json', findHistoryChanges(history().filter((run) => run.timestamp < '2026-02-09'), rules), rules, 't');
    expect(older).to.include({ status: 'pass', failed: false, summary: 'PASS: no lasting regression in the newest 14 nights (1 change point found, 1 older)' });
    expect(older.metrics).to.deep.equal([]);
  });

  it('prints every change point as a Markdown table with commits, sizes and p-values', () => {
    const lines = formatChangePointTable(verdict.change_points).trimEnd().split('\n');
    expect(lines[0]).to.equal('| scenario | metric | commits | nights since | before | after | change | p-value | verdict |');
    expect(lines[2]).to.match(/^\| overhead \| target CPU per request \| c140000\.\.c150000 \| 33 \| 8\.\d µs \| 10\.\d µs \| \+\d+\.\d% \| 0\.005 \| PASS: (better|worse)/);
    expect(lines).to.have.length(4);
    expect(formatChangePointTable([])).to.equal('');
  });

  it('charts each scenario\'s headline metric, marking the change points', () => {
    const charts = formatChangeCharts(found, 30);
    expect(charts).to.include('#### overhead: target CPU per request').and.include('#### llm: TTFT p95');
    expect(charts).to.include('title "target_cpu_per_request, last 30 runs, 1 change point(s) at ▲"').and.include('"▲ c400000"');
    expect(charts).to.include('title "ttft_p95, last 30 runs"');
    const section = formatHistorySection(verdict, found, 60);
    expect(section).to.match(/^### change points: FAIL\n/);
    expect(section).to.include('Every change point found:').and.include('```mermaid');
  });
});
