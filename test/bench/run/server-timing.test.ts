import { expect } from 'chai';
import { describe, it } from 'mocha';
import { readServerTiming } from '../../../src/bench/run/server-timing.js';

describe('readServerTiming', () => {
  it('reads the named metric\'s duration from the gateway\'s header', () => {
    expect(readServerTiming('gateway;dur=0.045, upstream;dur=1.210', 'gateway')).to.equal(0.045);
    expect(readServerTiming('gateway;dur=0.045, upstream;dur=1.210', 'upstream')).to.equal(1.21);
    expect(readServerTiming('gateway;dur=12', 'gateway')).to.equal(12);
  });

  it('allows spaces, other metrics first and other parameters before dur', () => {
    expect(readServerTiming('db;dur=3, gateway ; desc="own time" ; dur = 2.5 ', 'gateway')).to.equal(2.5);
    expect(readServerTiming('cache,gateway;dur=.5', 'gateway')).to.equal(0.5);
  });

  it('is undefined without the metric, without its dur, or with a dur that is not a plain decimal', () => {
    for (const header of ['upstream;dur=1', 'gateways;dur=1', 'xgateway;dur=1', 'gateway', 'gateway;desc=x', 'gateway;duration=1',
      'gateway;dur=', 'gateway;dur=-1', 'gateway;dur=1e3', 'gateway;dur="1"', 'gateway;dur=1.2.3', '']) {
      expect(readServerTiming(header, 'gateway'), header).to.equal(undefined);
    }
  });
});
