import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { requestLog, startRig, type GatewayRig } from '../support/gateway-rig.js';
import { chatBody, postJson } from '../support/raw-http.js';

describe('relayed routes', () => {
  let rig: GatewayRig;
  before(async () => {
    rig = await startRig({ gateway: { apiKeys: ['sk-relay-key'] } });
  });
  after(() => rig.close());

  const auth = { authorization: 'Bearer sk-relay-key' };

  it('serves POST ahead of Koa with the request id, the route in the access log and metrics', async () => {
    // WHEN a chat completion with a query string and the client's request id goes through
    const answer = await postJson(`${rig.gateway.url}/v1/chat/completions?trace=1`, chatBody({ max_tokens: 2 }), { ...auth, 'x-request-id': 'fast-1' });
    // THEN it is relayed, the id is echoed and logged with the route and model
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('x-request-id')).to.equal('fast-1');
    expect(await requestLog(rig, (line) => line.request_id === 'fast-1')).to.include({
      route: '/v1/chat/completions', status: 200, model: 'mock-llm-v1', tries: 1, method: 'POST',
    });
    const metrics = await (await fetch(`${rig.gateway.url}/metrics`)).text();
    expect(metrics).to.match(/llm_gateway_requests_total\{route="\/v1\/chat\/completions",status="200"\} [1-9]/);
    // AND the per-route histograms and the try counts, kept in plain numbers, are exposed in Prometheus' format
    expect(metrics).to.include('# TYPE llm_gateway_request_duration_seconds histogram');
    expect(metrics).to.match(/llm_gateway_request_duration_seconds_bucket\{le="\+Inf",route="\/v1\/chat\/completions"\} [1-9]/);
    expect(metrics).to.match(/llm_gateway_request_duration_seconds_count\{route="\/v1\/chat\/completions"\} [1-9]/);
    expect(metrics).to.match(/llm_gateway_time_to_first_byte_seconds_sum\{route="\/v1\/chat\/completions"\} 0\.\d+/);
    expect(metrics).to.match(/llm_gateway_upstream_tries_bucket\{le="1",route="\/v1\/chat\/completions"\} [1-9]/);
    expect(metrics).to.match(/llm_gateway_upstream_tries_total\{backend="http:\/\/127\.0\.0\.1:\d+",outcome="success"\} [1-9]/);
    // AND the only request in flight is the scrape itself
    expect(metrics).to.match(/^llm_gateway_requests_in_flight 1$/m);
  });

  it('answers what it refuses in OpenAI\'s error format and logs it with the error code', async () => {
    // WHEN the key is missing, or the body is not JSON
    const unauthorized = await postJson(`${rig.gateway.url}/v1/completions`, { model: 'mock-llm-v1', prompt: 'x' }, { 'x-request-id': 'fast-401' });
    const malformed = await postJson(`${rig.gateway.url}/v1/chat/completions`, '{"model":', { ...auth, 'x-request-id': 'fast-400' });
    // THEN each gets its status, an error object, JSON content type and its request id
    expect(unauthorized.status).to.equal(401);
    expect(unauthorized.body.error).to.include({ type: 'invalid_request_error' });
    expect(malformed.status).to.equal(400);
    expect(malformed.headers.get('content-type')).to.match(/^application\/json/);
    expect(malformed.headers.get('x-request-id')).to.equal('fast-400');
    expect(malformed.body.error.message).to.be.a('string');
    const logged = await requestLog(rig, (line) => line.request_id === 'fast-400');
    expect(logged).to.include({ route: '/v1/chat/completions', status: 400 });
    expect(logged.error).to.be.a('string').and.not.equal('internal_error');
    expect(await requestLog(rig, (line) => line.request_id === 'fast-401')).to.include({ status: 401 });
  });

  it('leaves other spellings and methods to Koa\'s router, with the same behaviour', async () => {
    // WHEN the path has a trailing slash, or the method is GET
    const slashed = await postJson(`${rig.gateway.url}/v1/chat/completions/`, chatBody({ max_tokens: 2 }), { ...auth, 'x-request-id': 'koa-1' });
    const wrongMethod = await fetch(`${rig.gateway.url}/v1/chat/completions`, { headers: auth });
    // THEN the first is relayed and logged under its route; the second is refused with 405 and Allow
    expect(slashed.status).to.equal(200);
    expect(slashed.headers.get('x-request-id')).to.equal('koa-1');
    expect(await requestLog(rig, (line) => line.request_id === 'koa-1')).to.include({ route: '/v1/chat/completions', status: 200 });
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.headers.get('allow')).to.include('POST');
  });
});
