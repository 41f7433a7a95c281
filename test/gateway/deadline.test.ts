import { expect } from 'chai';
import { describe, it } from 'mocha';
import { Deadline } from '../../src/gateway/deadline.js';
import { ClientGoneError, GatewayTimeoutError } from '../../src/gateway/gateway-errors.js';

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
});
