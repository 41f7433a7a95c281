import { expect } from 'chai';
import { describe, it } from 'mocha';
import { JsonLogger } from '../../src/gateway/json-logger.js';

describe('JsonLogger', () => {
  it('writes the lines of one event-loop turn in one write, one JSON object per line', async () => {
    const writes: string[] = [];
    const logger = new JsonLogger('info', (text) => writes.push(text));
    logger.log('info', 'request', { status: 200, route: '/v1/models', backend: undefined });
    logger.log('warn', 'breaker');
    logger.log('debug', 'dropped');
    expect(writes).to.deep.equal([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).to.have.length(1);
    const lines = writes[0]!.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include({ level: 'info', msg: 'request', status: 200, route: '/v1/models' }).and.not.have.property('backend');
    expect(lines[1]).to.include({ level: 'warn', msg: 'breaker' });
    expect(Date.parse(lines[1]!.time as string)).to.be.a('number').and.not.NaN;
  });

  it('writes nothing below its level, and nothing at all when silent', () => {
    const writes: string[] = [];
    const silent = new JsonLogger('silent', (text) => writes.push(text));
    silent.log('error', 'lost');
    silent.flush();
    expect(silent.enabled('error')).to.equal(false);
    expect(writes).to.deep.equal([]);
    const warn = new JsonLogger('warn', (text) => writes.push(text));
    expect(warn.enabled('info')).to.equal(false);
    expect(warn.enabled('error')).to.equal(true);
  });
});
