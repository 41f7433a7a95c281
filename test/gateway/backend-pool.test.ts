import { expect } from 'chai';
import { describe, it } from 'mocha';
import { BackendDownError, BackendPool, type Backend } from '../../src/gateway/backend-pool.js';
import { Deadline } from '../../src/gateway/deadline.js';

const urls = ['http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:3'];
const breaker = { threshold: 1, cooldownMs: 1000 };

function labels(backends: Array<Backend | undefined>): string[] {
  return backends.map((backend) => backend?.label ?? 'none');
}

describe('BackendPool', () => {
  it('breaks ties round robin', () => {
    const pool = new BackendPool(urls, breaker);
    const picks = [0, 1, 2, 3].map(() => {
      const backend = pool.acquire(undefined, 0)!;
      backend.endTry('success', 0);
      return backend;
    });
    expect(labels(picks)).to.deep.equal(['http://127.0.0.1:1', 'http://127.0.0.1:2', 'http://127.0.0.1:3', 'http://127.0.0.1:1']);
  });

  it('prefers the backend with the fewest outstanding tries', () => {
    const pool = new BackendPool(urls, breaker);
    const first = pool.acquire(undefined, 0)!;
    const second = pool.acquire(undefined, 0)!;
    second.endTry('success', 0);
    const third = pool.acquire(undefined, 0)!;
    expect(third).not.to.equal(first);
    expect(first.outstanding).to.equal(1);
    const fourth = pool.acquire(undefined, 0)!;
    expect(fourth.outstanding).to.equal(1);
    expect(new Set([first, third, fourth]).size).to.equal(3);
  });

  it('skips backends this request tried, unless none is left', () => {
    const pool = new BackendPool(urls.slice(0, 2), breaker);
    const first = pool.acquire(undefined, 0)!;
    first.endTry('neutral', 0);
    const tried = new Set([first]);
    const second = pool.acquire(tried, 0)!;
    expect(second).not.to.equal(first);
    second.endTry('neutral', 0);
    tried.add(second);
    expect(pool.acquire(tried, 0)).to.be.oneOf([first, second]);
  });

  it('skips open breakers and is unusable when every breaker is open', () => {
    const pool = new BackendPool(urls.slice(0, 2), breaker);
    pool.acquire(undefined, 0)!.endTry('failure', 0);
    const other = pool.acquire(undefined, 0)!;
    expect(other.label).to.equal('http://127.0.0.1:2');
    other.endTry('failure', 0);
    expect(pool.isUsable(10)).to.equal(false);
    expect(pool.acquire(undefined, 10)).to.equal(undefined);
    expect(pool.isUsable(1000)).to.equal(true);
  });

  it('counts where a request can still fail over: other backends, not tried, breaker not open', () => {
    const pool = new BackendPool(urls, breaker);
    const [first, second, third] = pool.backends;
    expect(pool.countFailoverTargets(first!, undefined, 0)).to.equal(2);
    expect(pool.countFailoverTargets(first!, new Set([second!]), 0)).to.equal(1);
    third!.breaker.recordFailure(0);
    expect(pool.countFailoverTargets(first!, undefined, 10)).to.equal(1);
  });

  it('releases the tries waiting on a backend when its breaker opens, not those the client already has bytes of', () => {
    // GIVEN two tries on one backend, the second already answering its client
    const pool = new BackendPool(urls.slice(0, 1), { threshold: 1, cooldownMs: 1000 });
    const tries = [new Deadline({ totalMs: 10_000, ttftMs: 10_000 }), new Deadline({ totalMs: 10_000, ttftMs: 10_000 })];
    const stopped: Error[][] = [[], []];
    const backend = pool.acquire(undefined, 0)!;
    for (const [index, running] of tries.entries()) {
      pool.acquire(undefined, 0);
      backend.track(running);
      running.onAbort({ stop: (reason) => stopped[index]!.push(reason) });
    }
    tries[1]!.markFirstByte();
    expect(backend.hasWaitingTry()).to.equal(true);
    // WHEN a third try fails and opens the breaker
    backend.endTry('failure', 0);
    // THEN only the waiting try is released, told why
    expect(stopped[0]).to.have.length(1);
    expect(stopped[0]![0]).to.be.instanceOf(BackendDownError);
    expect(stopped[1]).to.deep.equal([]);
    backend.endTry('failure', 0, tries[0]);
    expect(backend.hasWaitingTry()).to.equal(false);
    for (const running of tries) running.dispose();
  });

  it('hides credentials in labels', () => {
    const pool = new BackendPool(['http://user:secret@127.0.0.1:9/v1/'], breaker);
    expect(pool.backends[0]!.label).to.equal('http://127.0.0.1:9/v1');
  });

  it('replaces the backends of a discovered source, keeping the others, and drains the removed ones', async () => {
    // GIVEN a fixed backend and two addresses of one discovered name
    const pool = new BackendPool([urls[0]!], breaker);
    const first = pool.replaceSource('http://llm-backend:1', ['http://10.0.0.2:1', 'http://10.0.0.3:1']);
    expect(labels([...first.added])).to.deep.equal(['http://10.0.0.2:1', 'http://10.0.0.3:1']);
    const leaving = pool.backends.find((backend) => backend.label === 'http://10.0.0.2:1')!;
    leaving.outstanding += 1;
    // WHEN the name resolves to another set
    const change = pool.replaceSource('http://llm-backend:1', ['http://10.0.0.3:1/', 'http://10.0.0.4:1']);
    // THEN only the difference changes, and the removed backend drains once its try ends
    expect(labels([...change.added])).to.deep.equal(['http://10.0.0.4:1']);
    expect(labels([...change.removed])).to.deep.equal(['http://10.0.0.2:1']);
    expect(labels([...pool.backends])).to.deep.equal(['http://127.0.0.1:1', 'http://10.0.0.3:1', 'http://10.0.0.4:1']);
    expect(pool.listAll()).to.include(leaving);
    let drained = false;
    void change.drained.then(() => { drained = true; });
    await Promise.resolve();
    expect(drained).to.equal(false);
    leaving.endTry('success', 0);
    await change.drained;
    expect(pool.listAll()).not.to.include(leaving);
    expect(leaving.source).to.equal('http://llm-backend:1');
  });
});
