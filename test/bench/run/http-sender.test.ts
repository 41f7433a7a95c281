import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { buildApiRequest, type BenchApi } from '../../../src/bench/run/api-shape.js';
import { HttpSender, type SenderOptions } from '../../../src/bench/run/http-sender.js';
import { startTinyServer, type TinyServer } from '../../support/tiny-llm-server.js';

describe('HttpSender', () => {
  let server: TinyServer;
  before(async () => { server = await startTinyServer(); });
  after(() => server.close());

  async function sendOne(prompt: string, options: Partial<SenderOptions> & { api?: BenchApi } = {}) {
    const api = options.api ?? 'chat';
    const stream = options.stream ?? false;
    const sender = new HttpSender({ baseUrl: server.url, api, stream, timeoutMs: 2000, maxConnections: 1, ...options });
    try {
      return await sender.send(buildApiRequest(api, { prompt }, 'm', stream), performance.now());
    } finally {
      await sender.close();
    }
  }

  it('reads completion tokens from a chat answer and sends the API key', async () => {
    const outcome = await sendOne('hello', { apiKey: 'k-123' });
    expect(outcome).to.include({ ok: true, completionTokens: 5 });
    expect(outcome.latencyMs).to.be.above(0);
    expect(server.authorizations.at(-1)).to.equal('Bearer k-123');
  });

  it('derives tokens from /generate rate and duration', async () => {
    expect(await sendOne('hello', { api: 'generate' })).to.include({ ok: true, completionTokens: 4 });
  });

  it('times the first token and the gaps between tokens when streaming', async () => {
    const outcome = await sendOne('hello', { stream: true });
    expect(outcome).to.include({ ok: true, completionTokens: 3 });
    expect(outcome.ttftMs).to.be.a('number').and.be.at.most(outcome.latencyMs);
    expect(outcome.itlMs).to.have.length(2);
  });

  it('names each kind of failure', async () => {
    expect((await sendOne('#fail')).errorKind).to.equal('http_500');
    expect((await sendOne('#garbage')).errorKind).to.equal('invalid_response');
    expect((await sendOne('#reset')).errorKind).to.equal('connection_reset');
    expect((await sendOne('#stall', { timeoutMs: 50 })).errorKind).to.equal('timeout');
    expect((await sendOne('#cut', { stream: true })).errorKind).to.equal('connection_reset');
    expect((await sendOne('#inband', { stream: true })).errorKind).to.equal('stream_error');
    expect((await sendOne('x', { baseUrl: 'http://127.0.0.1:9' })).errorKind).to.equal('connection_refused');
  });
});
