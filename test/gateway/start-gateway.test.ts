import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import OpenAI from 'openai';
import { UsageError } from '../../src/config/index.js';
import { gatewayConfig, startGateway } from '../../src/gateway/index.js';
import { requestLogs, startRig, type GatewayRig } from '../support/gateway-rig.js';
import { chatBody, postJson, sseData } from '../support/raw-http.js';

describe('gateway through the official openai SDK', () => {
  let rig: GatewayRig;

  before(async () => {
    rig = await startRig({
      backends: [{ models: ['mock-llm-v1', 'shared-model'] }, { models: ['mock-llm-v2', 'shared-model'], maxBodyBytes: 4096 }],
    });
  });
  after(() => rig.close());

  it('answers a chat completion', async () => {
    const completion = await rig.client.chat.completions.create({
      model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 5,
    });
    expect(completion.object).to.equal('chat.completion');
    expect(completion.choices[0]!.finish_reason).to.equal('length');
    expect(completion.usage!.completion_tokens).to.equal(5);
  });

  it('answers a text completion', async () => {
    const completion = await rig.client.completions.create({ model: 'mock-llm-v1', prompt: 'Once upon a time', max_tokens: 3 });
    expect(completion.object).to.equal('text_completion');
    expect(completion.usage!.completion_tokens).to.equal(3);
  });

  it('streams chunk by chunk with the usage chunk last', async () => {
    const stream = await rig.client.chat.completions.create({
      model: 'mock-llm-v1',
      messages: [{ role: 'user', content: 'stream' }],
      max_tokens: 4,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).to.have.length(6);
    expect(chunks[0]!.choices[0]!.delta.role).to.equal('assistant');
    expect(chunks.at(-1)!.usage).to.deep.include({ completion_tokens: 4 });
  });

  it('lists the union of the backends\' models, each once', async () => {
    const ids = [];
    for await (const model of rig.client.models.list()) ids.push(model.id);
    expect(ids.sort()).to.deep.equal(['mock-llm-v1', 'mock-llm-v2', 'shared-model']);
  });

  it('passes backend errors through as the SDK\'s error classes', async () => {
    const missing = await rig.client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(missing).to.be.instanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.NotFoundError>).code).to.equal('model_not_found');
    const invalid = await rig.client.chat.completions.create({ model: 'mock-llm-v1', messages: [] }).catch((error: unknown) => error);
    expect(invalid).to.be.instanceOf(OpenAI.BadRequestError);
  });

  it('keeps the caller\'s x-request-id end to end and reports its own cost in Server-Timing', async () => {
    const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 2 }), { 'x-request-id': 'trace-42' });
    expect(response.status).to.equal(200);
    expect(response.headers.get('x-request-id')).to.equal('trace-42');
    expect(response.headers.get('server-timing')).to.match(/^gateway;dur=\d+\.\d{3}, upstream;dur=\d+\.\d{3}$/);
    const line = requestLogs(rig).find((entry) => entry.request_id === 'trace-42')!;
    expect(line).to.include({ route: '/v1/chat/completions', status: 200, tries: 1, model: 'mock-llm-v1', level: 'info' });
    expect(line.backend).to.be.oneOf(rig.backends.map((backend) => backend.url));
    expect(line.ttfb_ms).to.be.a('number');
  });

  it('relays /generate', async () => {
    const response = await postJson(`${rig.gateway.url}/generate`, { prompt: 'Hello', max_tokens: 3 });
    expect(response.status).to.equal(200);
    expect(response.body).to.include.keys('text', 'tokens_per_sec', 'latency_ms', 'model');
  });

  it('relays raw SSE bytes ending with [DONE]', async () => {
    const response = await fetch(`${rig.gateway.url}/v1/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'mock-llm-v1', prompt: 'x', max_tokens: 2, stream: true }),
    });
    expect(response.headers.get('content-type')).to.match(/^text\/event-stream/);
    expect(sseData(await response.text()).at(-1)).to.equal('[DONE]');
  });

  describe('bad input, in OpenAI\'s error format', () => {
    const cases: Array<[string, () => Promise<Response>, number, string | null]> = [
      ['malformed JSON', () => fetch(`${rig.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' }), 400, 'invalid_json'],
      ['a body that is not an object', () => fetch(`${rig.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' }), 400, null],
      ['a missing field', () => fetch(`${rig.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"mock-llm-v1"}' }), 400, null],
      ['a non-JSON content type', () => fetch(`${rig.gateway.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }), 415, 'unsupported_media_type'],
      ['a body over the limit', () => fetch(`${rig.gateway.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'x'.repeat(5 * 1024 * 1024) }) }), 413, 'request_too_large'],
      ['an unknown route', () => fetch(`${rig.gateway.url}/v1/nothing`), 404, 'not_found'],
      ['a wrong method', () => fetch(`${rig.gateway.url}/v1/chat/completions`), 405, 'method_not_allowed'],
      ['an unknown mock fault', () => fetch(`${rig.gateway.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-fault': 'meteor' }, body: '{"model":"mock-llm-v1","prompt":"x"}' }), 400, null],
    ];
    for (const [name, send, status, code] of cases) {
      it(`answers ${name} with ${status}`, async () => {
        const response = await send();
        expect(response.status).to.equal(status);
        const body = await response.json() as { error: { message: string; type: string; code: string | null } };
        expect(body.error.type).to.equal('invalid_request_error');
        expect(body.error.message).to.be.a('string').and.not.include('    at ');
        if (code !== null) expect(body.error.code).to.equal(code);
      });
    }
  });

  it('refuses to start without backends', async () => {
    const error = await startGateway(gatewayConfig({ backendUrls: [] })).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(UsageError);
  });
});
