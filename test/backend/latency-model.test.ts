import { expect } from 'chai';
import { createParser } from 'eventsource-parser';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { latencyForRequest, TokenSchedule, type LatencySettings } from '../../src/backend/latency-model.js';
import { chatBody } from '../support/raw-http.js';

const flat: LatencySettings = { ttftMs: 100, itlMs: 10, ttftJitterMs: 0, itlJitterMs: 0, prefillMsPerToken: 0 };

describe('TokenSchedule', () => {
  it('gives absolute offsets from the request start: ttft, then one itl per token', () => {
    const schedule = new TokenSchedule(flat, 0, 1);
    expect([schedule.next(), schedule.next(), schedule.next()]).to.deep.equal([100, 110, 120]);
  });

  it('adds prefill time per prompt token to the first token only', () => {
    const schedule = new TokenSchedule({ ...flat, prefillMsPerToken: 0.5 }, 40, 1);
    expect([schedule.next(), schedule.next()]).to.deep.equal([120, 130]);
  });

  it('jitters within the configured bounds, identically for the same seed', () => {
    const jittery = { ...flat, ttftJitterMs: 20, itlJitterMs: 5 };
    const offsets = (seed: number) => {
      const schedule = new TokenSchedule(jittery, 0, seed);
      return Array.from({ length: 50 }, () => schedule.next());
    };
    const first = offsets(42);
    expect(offsets(42)).to.deep.equal(first);
    expect(offsets(43)).not.to.deep.equal(first);
    expect(first[0]).to.be.within(80, 120);
    for (let index = 1; index < first.length; index++) expect(first[index]! - first[index - 1]!).to.be.within(5, 15);
  });

  it('never schedules a gap below zero', () => {
    const schedule = new TokenSchedule({ ...flat, ttftMs: 1, itlMs: 1, ttftJitterMs: 50, itlJitterMs: 50 }, 0, 9);
    let previous = schedule.next();
    expect(previous).to.be.at.least(0);
    for (let index = 0; index < 100; index++) {
      const next = schedule.next();
      expect(next).to.be.at.least(previous);
      previous = next;
    }
  });
});

describe('latencyForRequest', () => {
  it('lets x-mock-ttft-ms and x-mock-itl-ms override the process settings', () => {
    expect(latencyForRequest(flat, {})).to.equal(flat);
    expect(latencyForRequest(flat, { 'x-mock-ttft-ms': '5' })).to.include({ ttftMs: 5, itlMs: 10 });
    expect(latencyForRequest(flat, { 'x-mock-itl-ms': '0' })).to.include({ ttftMs: 100, itlMs: 0 });
    expect(() => latencyForRequest(flat, { 'x-mock-itl-ms': 'fast' })).to.throw("Header 'x-mock-itl-ms'");
  });
});

describe('latency over HTTP', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;

  before(async () => {
    backend = await startBackend({ ttftMs: 1000, itlMs: 1000 });
  });
  after(() => backend.close());

  it('sends no token before its scheduled time (header overrides)', async () => {
    const startedAt = performance.now();
    const response = await fetch(`${backend.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mock-ttft-ms': '60', 'x-mock-itl-ms': '15' },
      body: JSON.stringify(chatBody({ stream: true, max_tokens: 4 })),
    });
    const arrivals: number[] = [];
    const parser = createParser({ onEvent: ({ data }) => { if (data.includes('"content"')) arrivals.push(performance.now() - startedAt); } });
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) parser.feed(decoder.decode(chunk, { stream: true }));
    expect(arrivals).to.have.length(4);
    // Timers fire at or after their due time; 1 ms slack for timer rounding.
    [60, 75, 90, 105].forEach((due, index) => expect(arrivals[index]).to.be.at.least(due - 1));
  });
});
