import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import { checkAnswer } from '../../src/gateway/answer-check.js';
import { requestLogs, startRig, type GatewayRig } from '../support/gateway-rig.js';
import { chatBody, postJson } from '../support/raw-http.js';

/** A backend that answers every request 200 with `body` as JSON, framed correctly. */
async function startBrokenBackend(body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('checkAnswer', () => {
  it('accepts a complete JSON object, surrounding whitespace included', () => {
    expect(checkAnswer(Buffer.from(' {"id":"x","choices":[]}\n'))).to.equal(undefined);
  });

  it('names what is wrong with a cut, empty or non-object body', () => {
    expect(checkAnswer(Buffer.from(''))).to.equal('an empty body');
    expect(checkAnswer(Buffer.from('{"id":"x","choi'))).to.equal('not a complete JSON object');
    expect(checkAnswer(Buffer.from('[1]'))).to.equal('not a complete JSON object');
    expect(checkAnswer(Buffer.from('{"a":1,}'))).to.equal('not valid JSON');
    expect(checkAnswer(Buffer.from('{"a":"}'))).to.equal('not valid JSON');
  });
});

describe('UpstreamProxy: malformed non-streaming answers', () => {
  let rig: GatewayRig | undefined;
  let broken: { url: string; server: Server } | undefined;
  afterEach(async () => {
    await rig?.close();
    broken?.server.close();
  });

  it('serves the healthy backend\'s answer when another sends a malformed 200', async () => {
    // GIVEN two mocks, the one asked first sending half its answer as if it were whole
    rig = await startRig({ backends: [{}, {}], gateway: { breakerThreshold: 100 } });
    let faults = 0;
    for (const backend of rig.backends) {
      backend.server.prependListener('request', (req) => {
        if (faults++ === 0) req.headers['x-mock-fault'] = 'malformed';
      });
    }
    // WHEN / THEN the client gets a whole answer from the other one
    const completion = await rig.client.chat.completions.create({
      model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4,
    });
    expect(completion.choices[0]!.message.content).to.be.a('string');
    expect(requestLogs(rig).at(-1)).to.include({ status: 200, tries: 2 });
  });

  it('answers 502 upstream_malformed_answer when every try gets garbage', async () => {
    broken = await startBrokenBackend('not json at all');
    rig = await startRig({ backends: [], extraUrls: [broken.url], gateway: { retries: 1 } });
    const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody());
    expect(response.status).to.equal(502);
    expect(response.body.error).to.include({ type: 'server_error', code: 'upstream_malformed_answer' });
    expect(requestLogs(rig).at(-1)).to.include({ status: 502, tries: 2 });
  });

  it('refuses an answer over the size limit, and relays it unchecked when told to', async () => {
    const large = JSON.stringify({ choices: [{ text: 'x'.repeat(4096) }] });
    broken = await startBrokenBackend(large);
    rig = await startRig({ backends: [], extraUrls: [broken.url], gateway: { retries: 0, answerLimitBytes: 1024 } });
    const refused = await postJson(`${rig.gateway.url}/v1/completions`, { model: 'm', prompt: 'x' });
    expect(refused.status).to.equal(502);
    expect(refused.body.error.message).to.include('larger than 1024 bytes');
    await rig.close();
    rig = await startRig({ backends: [], extraUrls: [broken.url], gateway: { uncheckedAnswers: true, answerLimitBytes: 1024 } });
    const relayed = await postJson(`${rig.gateway.url}/v1/completions`, { model: 'm', prompt: 'x' });
    expect(relayed.status).to.equal(200);
    expect(JSON.stringify(relayed.body)).to.equal(large);
  });
});
