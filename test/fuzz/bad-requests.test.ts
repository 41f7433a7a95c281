import { once } from 'node:events';
import net from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import { after, before, describe, it } from 'mocha';
import { badRequest, malformedHttp, mutatedHttp, type FuzzRequest } from '../support/fuzz-requests.js';
import { fuzzRuns } from '../support/fuzz-runs.js';
import { startRig, type GatewayRig } from '../support/gateway-rig.js';
import { chatBody, postJson } from '../support/raw-http.js';

function expectOpenAiError(status: number, body: unknown, context: string): void {
  expect(status, context).to.be.within(400, 499);
  const error = (body as { error?: Record<string, unknown> }).error;
  expect(error, context).to.be.an('object');
  expect(error!.message, context).to.be.a('string');
  expect(error!.type, context).to.be.a('string');
  expect(error, context).to.have.property('param');
  expect(error, context).to.have.property('code');
}

async function send(url: string, request: FuzzRequest): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${request.route}`, { method: 'POST', headers: { 'content-type': request.contentType }, body: request.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Left as text: expectOpenAiError then fails with the context.
  }
  return { status: response.status, body };
}

/** Writes raw bytes, half-closes, and resolves with the status of the first response (0 when the server closed without one). */
async function sendRaw(url: string, text: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.end(Buffer.from(text, 'latin1'));
  await once(socket, 'close');
  const answer = Buffer.concat(chunks).toString('latin1');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
  return { status, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) };
}

/** Both servers still serve: liveness, readiness and a real completion through the gateway. */
async function expectHealthy(rig: GatewayRig): Promise<void> {
  for (const url of [rig.gateway.url, rig.backends[0]!.url]) {
    expect((await fetch(`${url}/healthz`)).status).to.equal(200);
    expect((await fetch(`${url}/readyz`)).status).to.equal(200);
  }
  // One failure opens a breaker in this rig: a bad request that counted as a backend failure would show here.
  const ready = await (await fetch(`${rig.gateway.url}/readyz`)).json() as { backends: { breaker: string }[] };
  expect(ready.backends.map((backend) => backend.breaker)).to.deep.equal(['closed', 'closed']);
  const answer = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 2 }));
  expect(answer.status).to.equal(200);
}

describe('bad requests to the gateway and the mock backend (fuzz)', function () {
  this.timeout(Math.max(30_000, fuzzRuns(150) * 100));
  let rig: GatewayRig;
  before(async () => { rig = await startRig({ backends: [{}, {}], gateway: { breakerThreshold: 1 } }); });
  after(() => rig.close());

  it('answers every generated bad request with a 4xx in OpenAI\'s error shape, never a 5xx, and stays healthy', async () => {
    await fc.assert(fc.asyncProperty(badRequest, async (request) => {
      for (const url of [rig.gateway.url, rig.backends[0]!.url]) {
        const { status, body } = await send(url, request);
        expectOpenAiError(status, body, `${url}${request.route} ${request.why}`);
      }
    }), { numRuns: fuzzRuns(150) });
    await expectHealthy(rig);
  });

  it('answers malformed HTTP with a 4xx in OpenAI\'s error shape', async () => {
    for (const text of malformedHttp) {
      for (const url of [rig.gateway.url, rig.backends[0]!.url]) {
        const { status, body } = await sendRaw(url, text);
        expectOpenAiError(status, JSON.parse(body), `${url} ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
    await expectHealthy(rig);
  });

  it('never answers a mutated request with a 5xx, and stays healthy', async () => {
    await fc.assert(fc.asyncProperty(mutatedHttp, async (text) => {
      for (const url of [rig.gateway.url, rig.backends[0]!.url]) {
        const { status } = await sendRaw(url, text);
        expect(status, `${url} ${JSON.stringify(text)}`).to.be.below(500);
      }
    }), { numRuns: fuzzRuns(100) });
    await expectHealthy(rig);
  });
});
