import { expect } from 'chai';
import { describe, it } from 'mocha';
import {
  describeMetricChange, formatMarkdownTable, formatTextTable, formatVerdictSection, formatVerdictText, summarizeVerdict,
} from '../../../src/bench/compare/compare-report.js';
import type { MetricComparison } from '../../../src/bench/compare/compare-rules.js';
import { buildVerdict } from '../../../src/bench/compare/verdict-decision.js';

const metrics: MetricComparison[] = [
  { metric: 'p95_latency', baseline: 10, current: 13, change: 0.3, interval: [1.21, 1.4], verdict: 'fail', reason: 'slower' },
  { metric: 'error_rate', baseline: 0, current: 0.002, change: null, interval: [0.0005, 0.007], verdict: 'pass', reason: 'ok | fine' },
  { metric: 'throughput', baseline: 100, current: 90, change: -0.1, interval: null, verdict: 'pass', reason: 'ok' },
];

describe('compare-report', () => {
  it('formats an aligned text table with one reason per metric', () => {
    expect(formatTextTable(metrics)).to.equal([
      'metric       baseline     current     change  interval          verdict',
      '-----------  -----------  ----------  ------  ----------------  -------',
      'p95 latency  10.00 ms     13.00 ms    +30.0%  x1.210 to x1.400  FAIL',
      'error rate   0.00%        0.20%       -       0.05% to 0.70%    PASS',
      'throughput   100.0 req/s  90.0 req/s  -10.0%  -                 PASS',
      '',
      '  p95 latency: slower',
      '  error rate: ok | fine',
      '  throughput: ok',
      '',
    ].join('\n'));
  });

  it('formats a Markdown table and escapes pipes', () => {
    const lines = formatMarkdownTable(metrics).trimEnd().split('\n');
    expect(lines[0]).to.equal('| metric | baseline | current | change | interval | verdict |');
    expect(lines[2]).to.equal('| p95 latency | 10.00 ms | 13.00 ms | +30.0% | x1.210 to x1.400 | FAIL: slower |');
    expect(lines[3]).to.include('PASS: ok \\| fine');
  });

  it('shows the target CPU per request in µs with its ratio interval', () => {
    const cpu: MetricComparison = {
      metric: 'target_cpu_per_request', baseline: 301.25, current: 402.5, change: 0.336, interval: [1.28, 1.39], verdict: 'fail', reason: 'costlier',
    };
    expect(formatMarkdownTable([cpu]).trimEnd().split('\n')[2]).to.equal('| target CPU per request | 301.3 µs | 402.5 µs | +33.6% | x1.280 to x1.390 | FAIL: costlier |');
  });

  it('summarizes flagged metrics in one line, and one metric\'s change for progress lines', () => {
    expect(summarizeVerdict('fail', metrics)).to.equal('FAIL: p95 latency fail (+30.0%, 13.00 ms)');
    expect(describeMetricChange(metrics[0]!)).to.equal('p95 latency +30.0% (x1.210 to x1.400)');
    expect(summarizeVerdict('pass', metrics.slice(1))).to.equal('PASS: no regression');
  });

  it('says what an A/B measured against what, above the same table, in text and in Markdown', () => {
    const settings = { rule: 'statistical', confidence: 0.95, failOnInconclusive: false } as const;
    const source = { method: 'ab', baseline: 'http://127.0.0.1:1', current: 'http://127.0.0.1:2', rounds: 10 } as const;
    const ab = buildVerdict(settings, source, 'llm', metrics, 'fail', 'FAIL: p95 latency fail');
    const heading = 'A/B in 10 interleaved rounds: current http://127.0.0.1:2 against baseline http://127.0.0.1:1\n\n';
    expect(formatVerdictText(ab)).to.equal(`${heading}${formatTextTable(metrics)}\nFAIL: p95 latency fail\n`);
    expect(formatVerdictSection(ab)).to.equal(`### llm: FAIL\n\n${heading}FAIL: p95 latency fail\n\n${formatMarkdownTable(metrics)}`);
    const compared = buildVerdict(settings, { ...source, method: 'compare', rounds: null }, 'llm', [], 'skipped', 'SKIPPED: no baseline');
    expect(formatVerdictText(compared)).to.equal('SKIPPED: no baseline\n');
  });
});
