import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { DeadlineSweeper } from '../../../src/bench/run/deadline-sweeper.js';

describe('DeadlineSweeper', () => {
  it('expires a passed deadline within a tick and leaves removed ones alone', async () => {
    // GIVEN
    const sweeper = new DeadlineSweeper(20);
    const start = performance.now();
    let kept = false;
    const removed = { at: start + 10, expire: () => { kept = true; } };
    // WHEN one deadline is removed before it passes and another is left to expire
    sweeper.add(removed);
    sweeper.remove(removed);
    const expiredAt = await new Promise<number>((resolve) => sweeper.add({ at: start + 10, expire: () => resolve(performance.now()) }));
    // THEN
    expect(expiredAt - start).to.be.within(10, 10 + 5 + 50);
    expect(kept).to.equal(false);
    sweeper.stop();
  });
});
