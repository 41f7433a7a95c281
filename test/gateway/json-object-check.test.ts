import { expect } from 'chai';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import { isJsonObject } from '../../src/gateway/json-object-check.js';
import { fuzzRuns } from '../support/fuzz-runs.js';

/** What the check must agree with: the parse of the bytes' UTF-8 text gives an object. */
function parsesToObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The check of `text` alone, and of the same bytes inside a larger buffer whose neighbours would complete them. */
function checks(text: string): [boolean, boolean] {
  const bytes = Buffer.from(text);
  const surrounded = Buffer.concat([Buffer.from('"{'), bytes, Buffer.from('"}]1')]);
  return [isJsonObject(bytes), isJsonObject(surrounded, 2, 2 + bytes.length)];
}

const agrees = (text: string): boolean => {
  const expected = parsesToObject(text);
  return checks(text).every((checked) => checked === expected);
};

describe('isJsonObject', () => {
  it('accepts JSON objects, nesting, escapes, numbers and whitespace as JSON.parse does', () => {
    for (const text of [
      '{}', ' \t\r\n{ }\n', '{"a":1}', '{"a":[1,{"b":null},[]],"c":"\\u00e9\\n\\"\\\\\\/","d":true,"e":false}',
      '{"n":-0.5e+10,"m":0,"k":1E5,"j":-1}', '{"é":"ünïcode ✓"}', `{"deep":${'['.repeat(300)}${']'.repeat(300)}}`,
      `{"long":"${'x'.repeat(2000)}"}`,
    ]) {
      expect(checks(text), text).to.deep.equal([true, true]);
    }
  });

  it('refuses what JSON.parse refuses, and what is not an object', () => {
    for (const text of [
      '', ' ', '{', '}', '[1]', '42', '"x"', 'null', '{"a":1}}', '{"a":1} {"b":2}', '{a:1}', '{"a":1,}', '{"a"}', '{"a":[1,]}',
      '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":1e}', '{"a":-}', '{"a":tru}', '{"a":"\\x"}', '{"a":"\\u12"}', '{"a":"\t"}',
      '{"a":"cut', `{"deep":${'['.repeat(300)}${']'.repeat(299)}}`, '\uFEFF{}', `{"long":"${'x'.repeat(2000)}\u0001"}`,
    ]) {
      expect(checks(text), text).to.deep.equal([false, false]);
    }
  });

  it('agrees with JSON.parse on random JSON and on its mutations (fuzz)', () => {
    const mutation = fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', '0', '1', '-', '.', 'e', ' ', 'x', 'u', '\u0001', 'é');
    fc.assert(fc.property(fc.json(), fc.nat(), mutation, (text, at, inserted) => {
      const index = at % (text.length + 1);
      return agrees(text) && agrees(text.slice(0, index) + inserted + text.slice(index)) && agrees(text.slice(0, index) + text.slice(index + 1));
    }), { numRuns: fuzzRuns(2000) });
  });
});
