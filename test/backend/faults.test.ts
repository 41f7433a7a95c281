import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { chatBody, postJson, sseData } from '../support/raw-http.js';

type Backend = Awaited<ReturnType<typeof startBackend>>;

interface Exchange {
  readonly res?: IncomingMessage;
  readonly text: string;
  readonly error?: NodeJS.ErrnoException;
  readonly headersAtMs?: number;
  readonly firstByteAtMs?: number;
}

/** One raw request that records what arrived, and when, even if the connection breaks. */
async function exchange(backend: Backend, path: string, body: unknown, headers: Record<string, string>): Promise<Exchange> {
  const startedAt = performance.now();
  const req = request(`${backend.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
  req.end(JSON.stringify(body));
  let res: IncomingMessage;
  try {
    [res] = await once(req, 'response') as [IncomingMessage];
  } catch (error) {
    return { text: '', error: error as NodeJS.ErrnoException };
  }
  const headersAtMs = performance.now() - startedAt;
  let text = '';
  let firstByteAtMs: number | undefined;
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    firstByteAtMs ??= performance.now() - startedAt;
    text += chunk;
  });
  const ending = await Promise.race([once(res, 'end').then(() => undefined), once(res, 'error').then(([error]) => error), once(res, 'aborted')
    .then(() => Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))]);
  return { res, text, error: ending as NodeJS.ErrnoException | undefined, headersAtMs, firstByteAtMs };
}

describe('fault injection', () => {
  let backend: Backend;

  before(async () => {
    backend = await startBackend({ ttftMs: 0, itlMs: 1, faultAfterTokens: 2 });
  });
  after(() => backend.close());

  it('http-500, http-503 and http-429 answer an OpenAI error before any generation', async () => {
    const expected: Record<string, [number, string | null]> = { 'http-500': [500, null], 'http-503': [503, '1'], 'http-429': [429, '1'] };
    for (const [fault, [status, retryAfter]] of Object.entries(expected)) {
      const response = await postJson(`${backend.url}/v1/chat/completions`, chatBody(), { 'x-mock-fault': fault });
      expect(response.status, fault).to.equal(status);
      expect(response.headers.get('retry-after'), fault).to.equal(retryAfter);
      expect(response.body.error.message).to.include('injected');
    }
  });

  it('reset kills the connection before any header', async () => {
    const result = await exchange(backend, '/v1/chat/completions', chatBody(), { 'x-mock-fault': 'reset' });
    expect(result.res).to.equal(undefined);
    expect(result.error!.code).to.equal('ECONNRESET');
  });

  it('stall sends the headers, then nothing for the stall time, then the answer', async () => {
    const result = await exchange(backend, '/v1/chat/completions', chatBody({ stream: true, max_tokens: 2 }), {
      'x-mock-fault': 'stall', 'x-mock-stall-ms': '150',
    });
    expect(result.res!.statusCode).to.equal(200);
    expect(result.headersAtMs!).to.be.below(150);
    expect(result.firstByteAtMs!).to.be.at.least(149);
    expect(sseData(result.text).at(-1)).to.equal('[DONE]');

    const whole = await exchange(backend, '/v1/completions', { model: 'mock-llm-v1', prompt: 'p' }, {
      'x-mock-fault': 'stall', 'x-mock-stall-ms': '100',
    });
    expect(whole.headersAtMs!).to.be.below(100);
    expect(whole.firstByteAtMs!).to.be.at.least(99);
    expect(JSON.parse(whole.text).object).to.equal('text_completion');
  });

  it('cut destroys the stream after N tokens: no [DONE]', async () => {
    const result = await exchange(backend, '/v1/chat/completions', chatBody({ stream: true, max_tokens: 10 }), {
      'x-mock-fault': 'cut', 'x-mock-fault-after-tokens': '3',
    });
    expect(result.res!.statusCode).to.equal(200);
    expect(result.error).to.be.instanceOf(Error);
    const frames = sseData(result.text);
    expect(frames).to.have.length(3);
    expect(frames).not.to.include('[DONE]');

    const whole = await exchange(backend, '/v1/chat/completions', chatBody(), { 'x-mock-fault': 'cut' });
    expect(whole.error).to.be.instanceOf(Error);
    expect(() => JSON.parse(whole.text)).to.throw(SyntaxError);
  });

  it('malformed sends one unparsable chunk, then carries on to [DONE]', async () => {
    const result = await exchange(backend, '/v1/chat/completions', chatBody({ stream: true, max_tokens: 4 }), { 'x-mock-fault': 'malformed' });
    const frames = sseData(result.text);
    expect(frames).to.have.length(7);
    expect(() => JSON.parse(frames[2]!)).to.throw(SyntaxError);
    expect(frames.at(-1)).to.equal('[DONE]');

    const whole = await exchange(backend, '/v1/chat/completions', chatBody(), { 'x-mock-fault': 'malformed' });
    expect(whole.res!.statusCode).to.equal(200);
    expect(whole.error).to.equal(undefined);
    expect(() => JSON.parse(whole.text)).to.throw(SyntaxError);
  });

  it('error-frame sends an in-band error object then [DONE], or a 500 when not streaming', async () => {
    const result = await exchange(backend, '/v1/chat/completions', chatBody({ stream: true, max_tokens: 6 }), { 'x-mock-fault': 'error-frame' });
    const frames = sseData(result.text);
    expect(frames).to.have.length(4);
    expect(JSON.parse(frames[2]!).error).to.include({ type: 'server_error', code: 'internal_error' });
    expect(frames[3]).to.equal('[DONE]');

    const whole = await postJson(`${backend.url}/v1/chat/completions`, chatBody(), { 'x-mock-fault': 'error-frame' });
    expect(whole.status).to.equal(500);
  });

  it('rejects unknown fault kinds and bad fault parameters with a 400 naming the header', async () => {
    const unknown = await postJson(`${backend.url}/v1/chat/completions`, chatBody(), { 'x-mock-fault': 'meteor' });
    expect([unknown.status, unknown.body.error.param]).to.deep.equal([400, 'x-mock-fault']);
    const badStall = await postJson(`${backend.url}/v1/chat/completions`, chatBody(), { 'x-mock-fault': 'stall', 'x-mock-stall-ms': '-5' });
    expect([badStall.status, badStall.body.error.param]).to.deep.equal([400, 'x-mock-stall-ms']);
  });

  it('counts injected faults in /metrics', async () => {
    const text = await (await fetch(`${backend.url}/metrics`)).text();
    expect(text).to.match(/mock_llm_faults_injected_total\{kind="reset"\} [1-9]/);
    expect(text).to.match(/http_requests_total\{method="POST",route="\/v1\/chat\/completions",status="0"\} [1-9]/);
  });
});

describe('fault injection by rate', () => {
  it('draws faults at the configured rate, reproducibly from the seed', async () => {
    const statuses: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const backend = await startBackend({ ttftMs: 0, itlMs: 0, faultRate: 0.5, faultKinds: ['http-503', 'http-429'], faultSeed: 7 });
      try {
        const seen: number[] = [];
        for (let index = 0; index < 20; index++) seen.push((await postJson(`${backend.url}/v1/completions`, { model: 'mock-llm-v1', prompt: 'x' })).status);
        statuses.push(seen);
      } finally {
        await backend.close();
      }
    }
    expect(statuses[0]).to.deep.equal(statuses[1]);
    expect([...new Set(statuses[0])].sort()).to.deep.equal([200, 429, 503]);
  });

  it('a header fault wins over a rate of 1', async () => {
    const backend = await startBackend({ ttftMs: 0, itlMs: 0, faultRate: 1, faultKinds: ['http-503'] });
    try {
      expect((await postJson(`${backend.url}/v1/completions`, { model: 'mock-llm-v1', prompt: 'x' })).status).to.equal(503);
      const overridden = await postJson(`${backend.url}/v1/completions`, { model: 'mock-llm-v1', prompt: 'x' }, { 'x-mock-fault': 'http-429' });
      expect(overridden.status).to.equal(429);
    } finally {
      await backend.close();
    }
  });
});
