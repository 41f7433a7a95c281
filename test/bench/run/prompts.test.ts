import { expect } from 'chai';
import { describe, it } from 'mocha';
import { BenchInputError } from '../../../src/bench/bench-input-error.js';
import { loadPrompts, parsePrompts } from '../../../src/bench/run/prompts.js';

describe('parsePrompts', () => {
  it('reads one prompt per line and skips blank lines', () => {
    expect(parsePrompts('p.jsonl', '{"prompt":"a","max_tokens":3}\n\n{"prompt":"b","temperature":0.5}\n')).to.deep.equal([
      { prompt: 'a', max_tokens: 3 }, { prompt: 'b', temperature: 0.5 },
    ]);
  });

  it('names the file and line of a bad prompt', () => {
    const cases: [string, string][] = [
      ['{"prompt":"a"}\n{oops', 'p.jsonl: line 2: not valid JSON'],
      ['[1]', 'p.jsonl: line 1: expected a JSON object'],
      ['{"prompt":""}', "p.jsonl: line 1: 'prompt' must be a non-empty string"],
      ['{"prompt":"a","max_tokens":0}', "p.jsonl: line 1: 'max_tokens' must be a positive integer"],
      ['{"prompt":"a","temperature":"hot"}', "p.jsonl: line 1: 'temperature' must be a number"],
      ['\n', 'p.jsonl: no prompts'],
    ];
    for (const [text, message] of cases) expect(() => parsePrompts('p.jsonl', text)).to.throw(BenchInputError, message);
  });
});

describe('loadPrompts', () => {
  it('loads the shipped prompts: at least 10, varied in length and settings', async () => {
    const prompts = await loadPrompts('bench/prompts.jsonl');
    expect(prompts.length).to.be.at.least(10);
    expect(new Set(prompts.map((prompt) => prompt.max_tokens)).size).to.be.at.least(5);
  });

  it('reports a missing file', async () => {
    const error = await loadPrompts('bench/none.jsonl').catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal('bench/none.jsonl: file not found');
  });
});
