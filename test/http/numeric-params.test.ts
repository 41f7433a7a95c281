import { expect } from 'chai';
import { describe, it } from 'mocha';
import { checkNumericParams, InvalidRequestError } from '../../src/http/index.js';

function paramRejected(body: Record<string, unknown>): string | null | undefined {
  try {
    checkNumericParams(body);
    return undefined;
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidRequestError);
    return (error as InvalidRequestError).param;
  }
}

describe('checkNumericParams', () => {
  it('accepts values within the OpenAI and vLLM bounds, null and absent fields', () => {
    expect(paramRejected({ max_tokens: 16, temperature: 0, top_p: 1, n: 1, seed: -5, presence_penalty: -2, top_k: -1, min_p: 0.1 }))
      .to.equal(undefined);
    expect(paramRejected({ max_tokens: null, temperature: null })).to.equal(undefined);
    expect(paramRejected({ model: 'x' })).to.equal(undefined);
  });

  it('names the field that is not finite, not an integer or out of bounds', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ max_tokens: Infinity }, 'max_tokens'],
      [{ max_completion_tokens: -Infinity }, 'max_completion_tokens'],
      [{ temperature: Number.NaN }, 'temperature'],
      [{ temperature: 2.5 }, 'temperature'],
      [{ top_p: -0.1 }, 'top_p'],
      [{ n: 1.5 }, 'n'],
      [{ n: 0 }, 'n'],
      [{ seed: 2 ** 60 }, 'seed'],
      [{ max_tokens: 0 }, 'max_tokens'],
      [{ frequency_penalty: 3 }, 'frequency_penalty'],
    ];
    for (const [body, param] of cases) expect(paramRejected(body), JSON.stringify(body)).to.equal(param);
  });

  it('says what it expected', () => {
    expect(() => checkNumericParams({ temperature: 9 })).to.throw("'temperature' must be a number between 0 and 2.");
    expect(() => checkNumericParams({ seed: 0.5 })).to.throw("'seed' must be a finite integer.");
    expect(() => checkNumericParams({ max_tokens: 1e400 })).to.throw("'max_tokens' must be an integer >= 1.");
  });
});
