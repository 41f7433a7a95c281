import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseVerdictFile } from '../../src/bench/verdict-file.js';

const valid = { status: 'fail', failed: true, summary: 'FAIL', failing_metrics: ['p95_latency'], table_markdown: '|x|' };

describe('parseVerdictFile', () => {
  it('accepts a verdict written by compare', () => {
    expect(parseVerdictFile('v.json', valid)).to.equal(valid);
  });

  it('names the file and the first problem', () => {
    const cases: [unknown, string][] = [
      [[], 'expected a JSON object'],
      [{ ...valid, status: 'great' }, "'status' must be pass, warn, fail, inconclusive or skipped"],
      [{ ...valid, failed: 'yes' }, "'failed' must be true or false"],
      [{ ...valid, summary: 1 }, "'summary' must be a string"],
      [{ ...valid, table_markdown: null }, "'table_markdown' must be a string"],
      [{ ...valid, failing_metrics: [1] }, "'failing_metrics' must be a list of metric names"],
    ];
    for (const [value, problem] of cases) expect(() => parseVerdictFile('v.json', value)).to.throw(`v.json: not a compare verdict: ${problem}`);
  });
});
