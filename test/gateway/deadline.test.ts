import { expect } from 'chai';
import { describe, it } from 'mocha';
import { Deadline } from '../../src/gateway/deadline.js';
import { ClientGoneError, GatewayTimeoutError } from '../../src/gateway/gateway-errors.js';
import { UpstreamTimeoutError } from '../../src/gateway/upstream-client.js';

function nextAbort(deadline: Deadline): Promise<Error> {
  return new Promise((resolve) => deadline.onAbort({ stop: resolve }));
}

describe('Deadline', () => {
  it('fires the first-byte timeout when it comes before the total one', async () => {
    const deadline = new Deadline({ totalMs: 10_000, ttftMs: 20 });
    const reason = await nextAbort(deadline);
    expect(reason).to.be.instanceOf(GatewayTimeoutError);
    expect((reason as GatewayTimeoutError).code).to.equal('first_byte_timeout');
    expect(deadline.reason).to.equal(reason);
  });

  it('fires the total timeout when it is the shorter one', async () => {
    const deadline = new Deadline({ totalMs: 20, ttftMs: 10_000 });
    expect(((await nextAbort(deadline)) as GatewayTimeoutError).phase).to.equal('total');
  });

  it('after the first byte, only the total deadline remains', async () => {
    const deadline = new Deadline({ totalMs: 60, ttftMs: 10 });
    deadline.markFirstByte();
    const startedAt = performance.now();
    expect(((await nextAbort(deadline)) as GatewayTimeoutError).phase).to.equal('total');
    expect(performance.now() - startedAt).to.be.at.least(30);
  });

  it('tells a listener registered after the abort at once, and aborts only once', () => {
    const deadline = new Deadline({ totalMs: 10_000, ttftMs: 10_000 });
    const gone = new ClientGoneError();
    deadline.abort(gone);
    deadline.abort(new Error('later'));
    let told: Error | undefined;
    deadline.onAbort({
      stop(reason) {
        told = reason;
      },
    });
    expect(told).to.equal(gone);
    expect(deadline.remainingMs()).to.be.above(9000);
  });

  it('sleeps, and wakes early with the reason when the request must stop', async () => {
    const deadline = new Deadline({ totalMs: 10_000, ttftMs: 10_000 });
    await deadline.sleep(1);
    const sleeping = deadline.sleep(10_000).catch((error: unknown) => error);
    const gone = new ClientGoneError();
    deadline.abort(gone);
    expect(await sleeping).to.equal(gone);
    deadline.dispose();
  });

  it('limits a try to its share of the first-byte time left, split with the tries that may follow it', async () => {
    // GIVEN 300 ms to the first byte, and a try with a nominal limit of 30 s that two more tries may follow
    const deadline = new Deadline({ totalMs: 10_000, ttftMs: 300 });
    const startedAt = performance.now();
    deadline.startTry('answer', 30_000, 2, startedAt);
    // WHEN it waits THEN only the try stops, after a third of the time left
    const reason = await nextAbort(deadline);
    expect(reason).to.be.instanceOf(UpstreamTimeoutError);
    expect(reason.message).to.equal('the per-try answer limit of 100 ms passed');
    expect(performance.now() - startedAt).to.be.within(95, 250);
    expect(deadline.reason).to.equal(undefined);
    deadline.dispose();
  });

  it('keeps a nominal limit shorter than the share, and leaves a try nothing may follow to the deadline', async () => {
    const deadline = new Deadline({ totalMs: 10_000, ttftMs: 10_000 });
    deadline.startTry('headers', 20, 1);
    expect((await nextAbort(deadline)).message).to.equal('the per-try headers limit of 20 ms passed');
    const last = new Deadline({ totalMs: 10_000, ttftMs: 40 });
    last.startTry('answer', 30_000, 0);
    const reason = await nextAbort(last);
    expect(reason).to.be.instanceOf(GatewayTimeoutError);
    expect(last.reason).to.equal(reason);
    deadline.dispose();
  });

  it('releases the current try for a backend judged down, unless the client already got a byte', () => {
    const deadline = new Deadline({ totalMs: 10_000, ttftMs: 10_000 });
    const stopped: Error[] = [];
    deadline.startTry('answer', 30_000, 1);
    deadline.onAbort({ stop: (reason) => stopped.push(reason) });
    const down = new Error('down');
    deadline.release(down);
    expect(stopped).to.deep.equal([down]);
    deadline.onAbort({ stop: (reason) => stopped.push(reason) });
    deadline.markFirstByte();
    expect(deadline.firstByteSent).to.equal(true);
    deadline.release(new Error('too late'));
    expect(stopped).to.deep.equal([down]);
    deadline.dispose();
  });
});
