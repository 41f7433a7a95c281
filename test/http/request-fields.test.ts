import { expect } from 'chai';
import { describe, it } from 'mocha';
import { InvalidRequestError } from '../../src/http/errors.js';
import {
  expectJsonObject, optionalBoolean, optionalInteger, optionalNumber, optionalObject, requireString,
} from '../../src/http/request-fields.js';

function paramOf(read: () => unknown): string | null {
  try {
    read();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidRequestError);
    return (error as InvalidRequestError).param;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('request field readers', () => {
  it('accept well-typed values and treat null as absent', () => {
    const body = { model: 'm', n: 3, t: 0.5, b: true, o: { x: 1 }, z: null };
    expect(requireString(body, 'model')).to.equal('m');
    expect(optionalInteger(body, 'n', { min: 1, max: 5 })).to.equal(3);
    expect(optionalNumber(body, 't', { min: 0, max: 2 })).to.equal(0.5);
    expect(optionalBoolean(body, 'b')).to.equal(true);
    expect(optionalObject(body, 'o')).to.deep.equal({ x: 1 });
    expect([optionalInteger(body, 'z'), optionalNumber(body, 'z'), optionalBoolean(body, 'z'), optionalObject(body, 'z')])
      .to.deep.equal([undefined, undefined, undefined, undefined]);
  });

  it('throw a 400 naming the param for missing, mistyped or out-of-range values', () => {
    expect(paramOf(() => requireString({}, 'model'))).to.equal('model');
    expect(paramOf(() => requireString({ model: 3 }, 'model'))).to.equal('model');
    expect(paramOf(() => requireString({ model: '' }, 'model'))).to.equal('model');
    expect(paramOf(() => optionalInteger({ n: 1.5 }, 'n'))).to.equal('n');
    expect(paramOf(() => optionalInteger({ n: 0 }, 'n', { min: 1 }))).to.equal('n');
    expect(paramOf(() => optionalNumber({ t: 'hot' }, 't'))).to.equal('t');
    expect(paramOf(() => optionalNumber({ t: 3 }, 't', { max: 2 }))).to.equal('t');
    expect(paramOf(() => optionalBoolean({ s: 'yes' }, 's'))).to.equal('s');
    expect(paramOf(() => optionalObject({ o: [] }, 'o'))).to.equal('o');
  });

  it('describe the allowed range in the message', () => {
    expect(() => optionalInteger({ n: 9 }, 'n', { min: 1, max: 5 })).to.throw("'n' must be an integer between 1 and 5.");
    expect(() => optionalNumber({ t: -1 }, 't', { min: 0 })).to.throw("'t' must be a number >= 0.");
    expect(() => optionalNumber({ t: 9 }, 't', { max: 2 })).to.throw("'t' must be a number <= 2.");
    expect(() => optionalNumber({ t: 'x' }, 't')).to.throw("'t' must be a number.");
  });

  it('require the body to be a JSON object', () => {
    expect(expectJsonObject({ a: 1 })).to.deep.equal({ a: 1 });
    for (const bad of [[], 'text', 3, null]) expect(() => expectJsonObject(bad)).to.throw(InvalidRequestError);
  });
});
