import { expect } from 'chai';
import { describe, it } from 'mocha';
import { exceedsJsonDepth } from '../../src/http/index.js';

const text = (value: string): Buffer => Buffer.from(value);

describe('exceedsJsonDepth', () => {
  it('counts nested arrays and objects against the limit', () => {
    expect(exceedsJsonDepth(text('{"a":[{"b":[1]}]}'), 4)).to.equal(false);
    expect(exceedsJsonDepth(text('{"a":[{"b":[1]}]}'), 3)).to.equal(true);
    expect(exceedsJsonDepth(text(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), 64)).to.equal(true);
    expect(exceedsJsonDepth(text('[[]],[[]],[[]]'), 2)).to.equal(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(text(JSON.stringify({ a: '[[[[{{{{' })), 1)).to.equal(false);
    expect(exceedsJsonDepth(text(JSON.stringify({ a: 'say \\"[[[["', b: '\\\\' })), 1)).to.equal(false);
    expect(exceedsJsonDepth(text('{"a":"\\\\","b":[[1]]}'), 2)).to.equal(true);
  });

  it('terminates on text that is not JSON (an unclosed string)', () => {
    expect(exceedsJsonDepth(text('{"a":"[[[[[['), 1)).to.equal(false);
  });
});
