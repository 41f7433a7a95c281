import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { chatBody, postJson } from '../support/raw-http.js';

describe('request validation over HTTP', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  const chat = () => `${backend.url}/v1/chat/completions`;

  before(async () => {
    backend = await startBackend({ ttftMs: 0, itlMs: 0, maxModelLen: 100, maxBodyBytes: 2048 });
  });
  after(() => backend.close());

  it('answers every bad chat field with a 400 naming the param', async () => {
    const cases: Array<[Record<string, unknown>, string | null]> = [
      [{ messages: [{ role: 'user', content: 'x' }] }, 'model'],
      [{ model: 5, messages: [{ role: 'user', content: 'x' }] }, 'model'],
      [chatBody({ messages: undefined }), 'messages'],
      [chatBody({ messages: [] }), 'messages'],
      [chatBody({ messages: 'hi' }), 'messages'],
      [chatBody({ messages: ['hi'] }), 'messages[0]'],
      [chatBody({ messages: [{ role: 'robot', content: 'x' }] }), 'messages[0].role'],
      [chatBody({ messages: [{ role: 'user', content: 7 }] }), 'messages[0].content'],
      [chatBody({ messages: [{ role: 'user', content: [{ text: 'no type' }] }] }), 'messages[0].content[0]'],
      [chatBody({ max_tokens: 0 }), 'max_tokens'],
      [chatBody({ max_tokens: 2.5 }), 'max_tokens'],
      [chatBody({ max_completion_tokens: '5' }), 'max_completion_tokens'],
      [chatBody({ max_tokens: 99 }), 'max_tokens'],
      [chatBody({ temperature: 3 }), 'temperature'],
      [chatBody({ top_p: -1 }), 'top_p'],
      [chatBody({ n: 2 }), 'n'],
      [chatBody({ seed: 'abc' }), 'seed'],
      [chatBody({ stream: 'yes' }), 'stream'],
      [chatBody({ stream_options: { include_usage: true } }), 'stream_options'],
      [chatBody({ stream: true, stream_options: { include_usage: 'yes' } }), 'include_usage'],
      [chatBody({ stream: true, stream_options: [] }), 'stream_options'],
      [chatBody({ ignore_eos: 1 }), 'ignore_eos'],
    ];
    for (const [body, param] of cases) {
      const response = await postJson(chat(), body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body.error.param, JSON.stringify(body)).to.equal(param);
      expect(response.body.error.type).to.equal('invalid_request_error');
    }
  });

  it('accepts content parts and null content', async () => {
    const response = await postJson(chat(), chatBody({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'two words' }, { type: 'image_url' }] }, { role: 'assistant', content: null }],
      max_tokens: 1,
    }));
    expect(response.status).to.equal(200);
    expect(response.body.usage.prompt_tokens).to.equal(2);
  });

  it('answers a prompt longer than the context with context_length_exceeded', async () => {
    const response = await postJson(chat(), chatBody({ messages: [{ role: 'user', content: 'w '.repeat(100) }] }));
    expect(response.status).to.equal(400);
    expect(response.body.error.code).to.equal('context_length_exceeded');
  });

  it('answers bad completions prompts with a 400 naming prompt', async () => {
    for (const prompt of [undefined, 3, ['a', 'b'], [1, 2]]) {
      const response = await postJson(`${backend.url}/v1/completions`, { model: 'mock-llm-v1', prompt });
      expect([response.status, response.body.error.param], JSON.stringify(prompt)).to.deep.equal([400, 'prompt']);
    }
    const single = await postJson(`${backend.url}/v1/completions`, { model: 'mock-llm-v1', prompt: ['only one'], max_tokens: 2 });
    expect(single.body.usage).to.deep.equal({ prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 });
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const response = await postJson(chat(), chatBody({ model: 'gpt-4o' }));
    expect(response.status).to.equal(404);
    expect(response.body.error).to.include({ code: 'model_not_found', param: 'model' });
  });

  it('answers malformed JSON with 400, a non-object body with 400, other content types with 415, big bodies with 413', async () => {
    expect((await postJson(chat(), '{"model": ')).status).to.equal(400);
    expect((await postJson(chat(), '[1,2]')).status).to.equal(400);
    expect((await postJson(chat(), chatBody(), { 'content-type': 'text/plain' })).status).to.equal(415);
    expect((await postJson(chat(), chatBody({ messages: [{ role: 'user', content: 'x'.repeat(3000) }] }))).status).to.equal(413);
  });

  it('answers unknown routes with 404 and wrong methods with 405 and Allow', async () => {
    const missing = await fetch(`${backend.url}/v1/embeddings`, { method: 'POST' });
    expect(missing.status).to.equal(404);
    const wrongMethod = await fetch(chat());
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.headers.get('allow')).to.equal('POST');
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).to.equal('method_not_allowed');
  });
});
