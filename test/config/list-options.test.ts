import { expect } from 'chai';
import { describe, it } from 'mocha';
import { choiceListOption, parseConfig, stringListOption, UsageError } from '../../src/config/index.js';

const schema = {
  models: stringListOption({ flag: 'models', env: 'MODELS', description: 'Models', default: ['a'] }),
  kinds: choiceListOption({ flag: 'kinds', env: 'KINDS', description: 'Kinds', choices: ['x', 'y', 'z'] as const, default: ['x'] }),
};

describe('list options', () => {
  it('split on commas, trim, drop empties and duplicates', () => {
    const config = parseConfig(schema, { argv: ['--models', ' m1, m2,,m1 '], env: { KINDS: 'z,y,z' } });
    expect(config).to.deep.equal({ models: ['m1', 'm2'], kinds: ['z', 'y'] });
  });

  it('default to a copy of the default list', () => {
    const config = parseConfig(schema, { argv: [], env: {} });
    expect(config).to.deep.equal({ models: ['a'], kinds: ['x'] });
  });

  it('reject empty lists and unknown choices, naming the allowed values', () => {
    expect(() => parseConfig(schema, { argv: ['--models', ' , '], env: {} })).to.throw(UsageError, 'comma-separated names');
    expect(() => parseConfig(schema, { argv: [], env: { KINDS: 'x,w' } }))
      .to.throw(UsageError, "KINDS='x,w' is invalid: expected comma-separated, each one of x, y, z");
  });
});
