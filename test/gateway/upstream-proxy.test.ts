import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import OpenAI from 'openai';
import { nextAbortedRequest, refusedUrl, requestLog, requestLogs, startRig, type GatewayRig } from '../support/gateway-rig.js';
import { chatBody, postJson } from '../support/raw-http.js';

const question = { model: 'mock-llm-v1', messages: [{ role: 'user' as const, content: 'Are you there?' }], max_tokens: 3 };

async function collectStream(stream: AsyncIterable<unknown>): Promise<{ chunks: number; error: unknown }> {
  let chunks = 0;
  try {
    for await (const _chunk of stream) chunks++;
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

describe('UpstreamProxy: failover, deadlines, stream integrity, cancellation', () => {
  let rig: GatewayRig | undefined;
  afterEach(() => rig?.close());

  it('fails over from a backend that refuses connections without the client noticing', async () => {
    rig = await startRig({ extraUrls: [await refusedUrl()], gateway: { breakerThreshold: 100 } });
    for (let index = 0; index < 4; index++) {
      const completion = await rig.client.chat.completions.create(question);
      expect(completion.choices[0]!.message.content).to.be.a('string');
    }
    expect(requestLogs(rig).some((line) => line.tries === 2)).to.equal(true);
  });

  it('retries a 500 or a 429 on another backend, honouring retry-after', async () => {
    // GIVEN two backends, the first told to fail by header only when it is asked first
    rig = await startRig({ backends: [{}, {}], gateway: { backoffMaxMs: 2000 } });
    const [first] = rig.backends;
    first!.server.prependListener('request', (req) => {
      req.headers['x-mock-fault'] = 'http-429';
    });
    const startedAt = performance.now();
    const responses = await Promise.all([0, 1].map(() => postJson(`${rig!.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 2 }))));
    // THEN both succeed; the one that met the 429 waited retry-after (1 s) before its second try
    expect(responses.map((response) => response.status)).to.deep.equal([200, 200]);
    const retried = requestLogs(rig).filter((line) => line.tries === 2);
    expect(retried).to.have.length(1);
    expect(retried[0]!.duration_ms).to.be.at.least(1000);
    expect(performance.now() - startedAt).to.be.below(3000);
  });

  it('answers fast with 502 when every backend fails, then 503 once their breakers are open', async () => {
    rig = await startRig({ backends: [], extraUrls: [await refusedUrl(), await refusedUrl()], gateway: { breakerThreshold: 2, retries: 1 } });
    const first = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody());
    expect(first.status).to.equal(502);
    expect(first.body.error).to.include({ type: 'server_error', code: 'upstream_error' });
    await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody());
    const third = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody());
    expect(third.status).to.equal(503);
    expect(third.body.error.code).to.equal('no_backend_available');
    expect(third.headers.get('retry-after')).to.equal('1');
    const ready = await fetch(`${rig.gateway.url}/readyz`);
    expect(ready.status).to.equal(503);
    expect(await ready.json()).to.deep.include({ status: 'no_backend_available' });
  });

  it('passes the last backend error through when retries are used up', async () => {
    rig = await startRig({ gateway: { retries: 1 } });
    const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody(), { 'x-mock-fault': 'http-500' });
    expect(response.status).to.equal(500);
    expect(requestLogs(rig).at(-1)).to.include({ tries: 2, status: 500 });
  });

  it('gives 504 in OpenAI format when a backend stalls past the first-byte deadline', async () => {
    rig = await startRig({ gateway: { ttftTimeoutMs: 150 } });
    const startedAt = performance.now();
    const error = await rig.client.chat.completions.create(question, { headers: { 'x-mock-fault': 'stall', 'x-mock-stall-ms': '5000' } })
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).to.equal(504);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).to.equal('first_byte_timeout');
    expect(performance.now() - startedAt).to.be.below(1000);
  });

  it('gives 504 when the total deadline passes before any byte, even across retries', async () => {
    rig = await startRig({ gateway: { totalTimeoutMs: 200, ttftTimeoutMs: 10_000 } });
    const response = await postJson(`${rig.gateway.url}/v1/completions`, { model: 'mock-llm-v1', prompt: 'x' }, { 'x-mock-fault': 'stall' });
    expect(response.status).to.equal(504);
    expect(response.body.error.code).to.equal('total_timeout');
  });

  it('ends a stream whose backend dies mid-answer with an error the SDK raises', async () => {
    rig = await startRig();
    const stream = await rig.client.chat.completions.create({ ...question, max_tokens: 10, stream: true }, { headers: { 'x-mock-fault': 'cut' } });
    const result = await collectStream(stream);
    expect(result.chunks).to.equal(2);
    expect(result.error).to.be.instanceOf(OpenAI.APIError);
    expect(String((result.error as Error).message)).to.include('failed part-way');
  });

  it('ends a stream with an error when the backend process goes away mid-stream', async () => {
    rig = await startRig({ backends: [{ itlMs: 20 }] });
    const stream = await rig.client.chat.completions.create({ ...question, max_tokens: 50, stream: true });
    let chunks = 0;
    let failure: unknown;
    try {
      for await (const _chunk of stream) {
        if (++chunks === 2) void rig.backends[0]!.close(0);
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(OpenAI.APIError);
    expect(chunks).to.be.within(2, 49);
  });

  it('ends a stream with an error at a malformed chunk', async () => {
    rig = await startRig();
    const stream = await rig.client.completions.create({ model: 'mock-llm-v1', prompt: 'x', max_tokens: 10, stream: true }, {
      headers: { 'x-mock-fault': 'malformed' },
    });
    const result = await collectStream(stream);
    expect(result.chunks).to.equal(2);
    expect((result.error as InstanceType<typeof OpenAI.APIError>).code).to.equal('upstream_stream_malformed_chunk');
  });

  it('relays the valid events of a burst that ends in a malformed one, then the error frame', async () => {
    // GIVEN a backend that sends one event, and once the client has it, another and a malformed one in one write
    let sendBurst!: () => void;
    const burst = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write('data: {"n":1}\n\n');
        sendBurst = () => res.end('data: {"n":2}\n\ndata: {"n":\n\n');
      });
    });
    burst.listen(0, '127.0.0.1');
    await once(burst, 'listening');
    try {
      rig = await startRig({ backends: [], extraUrls: [`http://127.0.0.1:${(burst.address() as AddressInfo).port}`] });
      // WHEN a client streams through the gateway
      const response = await fetch(`${rig.gateway.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody({ stream: true })),
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = (await reader.read()).value!;
      sendBurst();
      for (let part = await reader.read(); !part.done; part = await reader.read()) text += part.value;
      // THEN it gets both valid events, then the error instead of [DONE]
      const events = 'data: {"n":1}\n\ndata: {"n":2}\n\n';
      expect(text.startsWith(events)).to.equal(true);
      expect(JSON.parse(text.slice(events.length + 'data: '.length))).to.have.nested.property('error.code', 'upstream_stream_malformed_chunk');
    } finally {
      burst.close();
    }
  });

  it('retries a stream that breaks before its first event reached the client', async () => {
    rig = await startRig({ backends: [{}, {}] });
    let faults = 0;
    for (const backend of rig.backends) {
      backend.server.prependListener('request', (req) => {
        if (faults++ === 0) Object.assign(req.headers, { 'x-mock-fault': 'malformed', 'x-mock-fault-after-tokens': '0' });
      });
    }
    const result = await collectStream(await rig.client.chat.completions.create({ ...question, stream: true }));
    expect(result.error).to.equal(undefined);
    expect(requestLogs(rig).at(-1)).to.include({ tries: 2, status: 200 });
  });

  it('ends a stream that goes silent past the idle timeout with an error frame', async () => {
    rig = await startRig({ gateway: { idleTimeoutMs: 100 } });
    const startedAt = performance.now();
    const stream = await rig.client.chat.completions.create({ ...question, max_tokens: 5, stream: true }, { headers: { 'x-mock-itl-ms': '5000' } });
    const result = await collectStream(stream);
    expect(result.chunks).to.equal(1);
    expect((result.error as InstanceType<typeof OpenAI.APIError>).code).to.equal('idle_timeout');
    expect(performance.now() - startedAt).to.be.below(2000);
  });

  it('aborts the backend request at once when the client leaves mid-stream, and counts it as 499', async () => {
    rig = await startRig({ backends: [{ itlMs: 50 }] });
    const aborted = nextAbortedRequest(rig.backends[0]!);
    const controller = new AbortController();
    const stream = await rig.client.chat.completions.create({ ...question, max_tokens: 100, stream: true }, { signal: controller.signal });
    await collectStream((async function* firstChunkThenAbort() {
      for await (const chunk of stream) {
        yield chunk;
        controller.abort();
      }
    })());
    expect(await aborted).to.equal('/v1/chat/completions');
    expect(await requestLog(rig)).to.include({ status: 499, route: '/v1/chat/completions' });
    const metrics = await (await fetch(`${rig.gateway.url}/metrics`)).text();
    expect(metrics).to.match(/llm_gateway_requests_cancelled_total\{route="\/v1\/chat\/completions"\} 1/);
  });

  it('aborts the backend request when the client leaves before the first byte', async () => {
    rig = await startRig();
    const aborted = nextAbortedRequest(rig.backends[0]!);
    const controller = new AbortController();
    const pending = rig.client.chat.completions.create(question, { signal: controller.signal, headers: { 'x-mock-fault': 'stall' } })
      .catch((error: unknown) => error);
    rig.backends[0]!.server.once('request', () => setImmediate(() => controller.abort()));
    expect(await pending).to.be.instanceOf(OpenAI.APIUserAbortError);
    expect(await aborted).to.equal('/v1/chat/completions');
    expect(await requestLog(rig)).to.include({ status: 499, tries: 1 });
  });

  it('stops retrying when the client leaves during a backoff', async () => {
    rig = await startRig({ gateway: { backoffBaseMs: 10_000, backoffMaxMs: 10_000 } });
    const controller = new AbortController();
    rig.backends[0]!.server.once('request', (_req, res) => res.once('finish', () => setTimeout(() => controller.abort(), 20)));
    const startedAt = performance.now();
    const error = await rig.client.chat.completions.create(question, { signal: controller.signal, headers: { 'x-mock-fault': 'http-503' } })
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(OpenAI.APIUserAbortError);
    expect(await requestLog(rig)).to.include({ status: 499, tries: 1 });
    expect(performance.now() - startedAt).to.be.below(2000);
  });
});
