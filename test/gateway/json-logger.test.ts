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

  it('with a flush delay, writes a batch once the delay after its first line has passed, or at once past 64 KB', async () => {
    // GIVEN a logger that waits up to 30 ms
    const writes: Array<{ text: string; at: number }> = [];
    let firstWrite!: () => void;
    const written = new Promise<void>((resolve) => {
      firstWrite = resolve;
    });
    const logger = new JsonLogger('info', (text) => {
      writes.push({ text, at: performance.now() });
      firstWrite();
    }, 30);
    const startedAt = performance.now();
    // WHEN a line is logged, and another after two turns of the event loop
    logger.log('info', 'first');
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    logger.log('info', 'second');
    expect(writes).to.deep.equal([]);
    // THEN both go out together, in one write, no sooner than the delay
    await written;
    expect(writes).to.have.length(1);
    expect(writes[0]!.at - startedAt).to.be.at.least(29);
    expect(writes[0]!.text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).to.deep.equal(['first', 'second']);
    // AND lines past 64 KB pending are written at once, without waiting
    for (let index = 0; index < 400; index++) logger.log('info', 'bulk', { filler: 'x'.repeat(200) });
    expect(writes).to.have.length(2);
    expect(writes[1]!.text.length).to.be.at.least(64 * 1024);
    // AND flush() writes what is left now and cancels the pending timer: nothing comes when its delay would have passed
    logger.flush();
    const flushed = writes.length;
    expect(writes.at(-1)!.text).to.match(/"msg":"bulk"/);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(writes).to.have.length(flushed);
  });

  it('stamps each line with the ISO time of its millisecond', () => {
    const writes: string[] = [];
    const logger = new JsonLogger('info', (text) => writes.push(text));
    const before = Date.now();
    logger.log('info', 'now');
    logger.flush();
    const after = Date.now();
    const time = (JSON.parse(writes[0]!) as { time: string }).time;
    expect(time).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(time)).to.be.within(before, after);
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
