import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseVersioned } from '../../../src/bench/result/parse-file.js';
import { verdictVersions, type VerdictFile } from '../../../src/bench/result/verdict-schema.js';

const parse = (value: unknown) => parseVersioned(verdictVersions, 'v.json', 'a compare verdict', value);

const verdict: VerdictFile = {
  schema_version: 3,
  method: 'ab',
  status: 'fail',
  failed: true,
  baseline_eligible: false,
  scenario: 'llm',
  summary: 'FAIL: TTFT p95 fail',
  failing_metrics: ['ttft_p95'],
  rule: 'statistical',
  confidence: 0.95,
  created_at: '2026-01-02T03:04:05.000Z',
  baseline: 'http://127.0.0.1:8001',
  current: 'http://127.0.0.1:8002',
  rounds: 10,
  metrics: [{ metric: 'ttft_p95', baseline: 100, current: 130, change: 0.3, interval: [1.2, 1.4], verdict: 'fail', reason: 'slower' }],
};

/** The same verdict as compare wrote it in version 2. */
const { method: _method, baseline: _baseline, current: _current, rounds: _rounds, ...common } = verdict;
const v2 = { ...common, schema_version: 2, baseline_file: 'b.json', current_file: 'c.json' };

describe('verdict schema', () => {
  it('accepts a version 3 verdict', () => {
    expect(parse(JSON.parse(JSON.stringify(verdict)))).to.deep.equal(verdict);
  });

  it('migrates a version 2 verdict: compare\'s, with its files as baseline and current, no rounds', () => {
    expect(parse(v2)).to.deep.equal({ ...common, schema_version: 3, method: 'compare', baseline: 'b.json', current: 'c.json', rounds: null });
  });

  it('migrates a version 1 verdict (no scenario, a pre-rendered table)', () => {
    const { scenario: _scenario, baseline_eligible: _eligible, ...rest } = v2;
    const v1 = { ...rest, schema_version: 1, status: 'pass', failed: false, table_markdown: '| metric |' };
    expect(parse(v1)).to.deep.include({ schema_version: 3, method: 'compare', scenario: null, baseline_eligible: true, status: 'pass', baseline: 'b.json' });
  });

  it('refuses a file that is not a verdict, naming it', () => {
    expect(() => parse({ ...verdict, status: 'great' })).to.throw(/^v\.json: not a compare verdict: 'status': /);
    expect(() => parse({ ...verdict, rounds: 0 })).to.throw(/^v\.json: not a compare verdict: 'rounds': /);
  });
});
