import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { countTokens, startBackend } from '../../../src/backend/index.js';
import { postJson } from '../../support/raw-http.js';

describe('POST /generate (legacy contract)', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;

  before(async () => {
    backend = await startBackend({ ttftMs: 5, itlMs: 1, models: ['legacy-model', 'other'] });
  });
  after(() => backend.close());

  it('returns text, tokens_per_sec, latency_ms and the first model', async () => {
    const response = await postJson(`${backend.url}/generate`, { prompt: 'Hello', max_tokens: 10, temperature: 0.7 });
    expect(response.status).to.equal(200);
    expect(Object.keys(response.body).sort()).to.deep.equal(['latency_ms', 'model', 'text', 'tokens_per_sec']);
    expect(response.body.model).to.equal('legacy-model');
    expect(countTokens(response.body.text)).to.equal(10);
    expect(response.body.latency_ms).to.be.at.least(13);
    expect(response.body.tokens_per_sec).to.be.closeTo(10 / (response.body.latency_ms / 1000), 1);
  });

  it('rejects a missing prompt or bad max_tokens with a 400 naming the field', async () => {
    expect((await postJson(`${backend.url}/generate`, {})).body.error.param).to.equal('prompt');
    expect((await postJson(`${backend.url}/generate`, { prompt: 'x', max_tokens: -1 })).body.error.param).to.equal('max_tokens');
    expect((await postJson(`${backend.url}/generate`, { prompt: 'x', temperature: 'hot' })).body.error.param).to.equal('temperature');
  });
});
