import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import type { FaultKind } from '../../../src/backend/faults.js';
import { startBackend, type RunningBackend } from '../../../src/backend/index.js';
import { buildApiRequest, type BenchApi } from '../../../src/bench/run/api-shape.js';
import { HttpSender, type SenderOptions } from '../../../src/bench/run/http-sender.js';
import { startRig, type GatewayRig } from '../../support/gateway-rig.js';

describe('HttpSender', () => {
  let backend: RunningBackend;
  const faulty = new Map<FaultKind, RunningBackend>();
  before(async () => { backend = await startBackend({ ttftMs: 0, itlMs: 0 }); });
  after(() => Promise.all([backend, ...faulty.values()].map((server) => server.close(0))));

  async function sendOne(options: Partial<SenderOptions> & { api?: BenchApi; maxTokens?: number } = {}) {
    const api = options.api ?? 'chat';
    const stream = options.stream ?? false;
    const sender = new HttpSender({ baseUrl: backend.url, api, stream, timeoutMs: 2000, maxConnections: 1, ...options });
    try {
      return await sender.send(buildApiRequest(api, { prompt: 'hello', max_tokens: options.maxTokens ?? 5 }, 'mock-llm-v1', stream), performance.now());
    } finally {
      await sender.close();
    }
  }

  /** A mock backend that answers every request with `kind`. */
  async function faultyUrl(kind: FaultKind): Promise<string> {
    const server = await startBackend({ ttftMs: 0, itlMs: 0, faultRate: 1, faultKinds: [kind] });
    faulty.set(kind, server);
    return server.url;
  }

  it('reads completion tokens from a chat answer', async () => {
    const outcome = await sendOne();
    expect(outcome).to.include({ ok: true, completionTokens: 5 });
    expect(outcome.latencyMs).to.be.above(0);
  });

  it('sends the API key as a bearer token', async () => {
    const rig: GatewayRig = await startRig({ gateway: { apiKeys: ['k-123'] } });
    try {
      expect(await sendOne({ baseUrl: rig.gateway.url, apiKey: 'k-123' })).to.include({ ok: true, completionTokens: 5 });
      expect((await sendOne({ baseUrl: rig.gateway.url, apiKey: 'k-wrong' })).errorKind).to.equal('http_401');
    } finally {
      await rig.close();
    }
  });

  it('derives tokens from /generate rate and duration', async () => {
    const outcome = await sendOne({ api: 'generate', maxTokens: 8 });
    expect(outcome.ok).to.equal(true);
    expect(outcome.completionTokens).to.be.within(1, 8);
  });

  it('times the first token and the gaps between tokens when streaming', async () => {
    const outcome = await sendOne({ stream: true, maxTokens: 3 });
    expect(outcome).to.include({ ok: true, completionTokens: 3 });
    expect(outcome.ttftMs).to.be.a('number').and.be.at.most(outcome.latencyMs);
    expect(outcome.itlMs).to.have.length(2);
  });

  it('names each kind of failure', async () => {
    expect((await sendOne({ baseUrl: await faultyUrl('http-500') })).errorKind).to.equal('http_500');
    expect((await sendOne({ baseUrl: await faultyUrl('malformed') })).errorKind).to.equal('invalid_response');
    expect((await sendOne({ baseUrl: await faultyUrl('reset') })).errorKind).to.equal('connection_reset');
    expect((await sendOne({ baseUrl: await faultyUrl('stall'), timeoutMs: 50 })).errorKind).to.equal('timeout');
    expect((await sendOne({ baseUrl: await faultyUrl('cut'), stream: true })).errorKind).to.equal('connection_reset');
    expect((await sendOne({ baseUrl: await faultyUrl('error-frame'), stream: true })).errorKind).to.equal('stream_error');
    expect((await sendOne({ baseUrl: 'http://127.0.0.1:9' })).errorKind).to.equal('connection_refused');
  });
});
