import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { generateText } from '../../src/backend/text-generator.js';
import { countTokens } from '../../src/backend/token-rule.js';
import { chatBody, postJson, sseData } from '../support/raw-http.js';

const limits = { minOutputTokens: 5, maxOutputTokens: 40 };

describe('generateText', () => {
  it('is deterministic in model, prompt and seed', () => {
    const input = { model: 'm', prompt: 'hello', seed: 3 };
    expect(generateText(input, limits)).to.deep.equal(generateText(input, limits));
    expect(generateText({ ...input, seed: 4 }, limits).tokens).not.to.deep.equal(generateText(input, limits).tokens);
    expect(generateText({ ...input, prompt: 'hello!' }, limits).tokens).not.to.deep.equal(generateText(input, limits).tokens);
  });

  it('cuts at maxTokens with finish_reason length, giving a prefix of the full answer', () => {
    const full = generateText({ model: 'm', prompt: 'p' }, limits);
    expect(full.finishReason).to.equal('stop');
    expect(full.tokens.length).to.be.within(5, 40);
    expect(full.tokens.join('').endsWith('.')).to.equal(true);
    const cut = generateText({ model: 'm', prompt: 'p', maxTokens: 3 }, limits);
    expect(cut).to.deep.equal({ tokens: full.tokens.slice(0, 3), finishReason: 'length' });
  });

  it('with ignoreEos produces exactly maxTokens', () => {
    const long = generateText({ model: 'm', prompt: 'p', maxTokens: 100, ignoreEos: true }, limits);
    expect([long.tokens.length, long.finishReason]).to.deep.equal([100, 'length']);
  });

  it('produces text whose token count is its number of tokens under the token rule', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { tokens } = generateText({ model: 'm', prompt: 'p', seed }, limits);
      expect(countTokens(tokens.join(''))).to.equal(tokens.length);
      expect(tokens.slice(1).every((token) => token.startsWith(' '))).to.equal(true);
    }
  });
});

describe('determinism over HTTP', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;

  before(async () => {
    backend = await startBackend({ ttftMs: 0, itlMs: 0 });
  });
  after(() => backend.close());

  it('gives the same text for the same prompt, seed and max_tokens, streamed or not', async () => {
    const body = chatBody({ seed: 11, max_tokens: 12 });
    const first = await postJson(`${backend.url}/v1/chat/completions`, body);
    const second = await postJson(`${backend.url}/v1/chat/completions`, body);
    const text = first.body.choices[0].message.content;
    expect(second.body.choices[0].message.content).to.equal(text);
    expect(first.body.id).not.to.equal(second.body.id);
    const other = await postJson(`${backend.url}/v1/chat/completions`, chatBody({ seed: 12, max_tokens: 12 }));
    expect(other.body.choices[0].message.content).not.to.equal(text);

    const streamed = await fetch(`${backend.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, stream: true }),
    });
    const frames = sseData(await streamed.text()).filter((data) => data.startsWith('{'));
    const streamedText = frames.map((frame) => JSON.parse(frame).choices[0].delta.content ?? '').join('');
    expect(streamedText).to.equal(text);
  });
});
