import { expect } from 'chai';
import { describe, it } from 'mocha';
import { countTokens } from '../../src/backend/token-rule.js';

describe('countTokens', () => {
  it('counts maximal runs of non-whitespace characters', () => {
    expect(countTokens('')).to.equal(0);
    expect(countTokens('   ')).to.equal(0);
    expect(countTokens('one')).to.equal(1);
    expect(countTokens('  Hello, world!\n\tHow are-you? ')).to.equal(4);
  });
});
