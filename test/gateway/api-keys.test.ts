import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import OpenAI from 'openai';
import { ApiKeyChecker, readBearerToken } from '../../src/gateway/api-keys.js';
import { startRig, type GatewayRig } from '../support/gateway-rig.js';

describe('API keys', () => {
  it('accepts exactly the configured keys', () => {
    const checker = new ApiKeyChecker(['alpha-key', 'beta-key']);
    expect(checker.isValid('beta-key')).to.equal(true);
    expect(checker.isValid('alpha-ke')).to.equal(false);
    expect(checker.isValid('')).to.equal(false);
  });

  it('reads bearer tokens case-insensitively and nothing else', () => {
    expect(readBearerToken('Bearer abc')).to.equal('abc');
    expect(readBearerToken('bearer  abc ')).to.equal('abc');
    expect(readBearerToken('Basic abc')).to.equal(undefined);
    expect(readBearerToken('Bearer ')).to.equal(undefined);
    expect(readBearerToken(undefined)).to.equal(undefined);
  });

  describe('through the gateway', () => {
    let rig: GatewayRig;
    before(async () => {
      rig = await startRig({ gateway: { apiKeys: ['sk-gateway-secret'] }, apiKey: 'sk-gateway-secret' });
    });
    after(() => rig.close());

    it('serves a client with a valid key, without forwarding that key', async () => {
      const seen: Array<string | undefined> = [];
      rig.backends[0]!.server.on('request', (req) => seen.push(req.headers.authorization));
      const completion = await rig.client.chat.completions.create({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 });
      expect(completion.choices).to.have.length(1);
      expect(seen).to.deep.equal([undefined]);
    });

    it('answers a wrong or missing key with 401 in OpenAI format, never echoing it, and logs no key', async () => {
      const wrong = new OpenAI({ baseURL: `${rig.gateway.url}/v1`, apiKey: 'sk-wrong-guess', maxRetries: 0 });
      const error = await wrong.models.list().catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(OpenAI.AuthenticationError);
      expect(JSON.stringify((error as InstanceType<typeof OpenAI.AuthenticationError>).error)).not.to.include('sk-wrong-guess');
      const missing = await fetch(`${rig.gateway.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(missing.status).to.equal(401);
      expect(((await missing.json()) as { error: { code: string } }).error.code).to.equal('invalid_api_key');
      expect(JSON.stringify(rig.logs)).not.to.include('sk-');
    });

    it('leaves health, readiness and metrics open for probes', async () => {
      for (const path of ['/healthz', '/health', '/readyz', '/ready', '/metrics']) {
        expect((await fetch(`${rig.gateway.url}${path}`)).status, path).to.equal(200);
      }
    });
  });
});
