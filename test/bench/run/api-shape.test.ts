import { expect } from 'chai';
import { describe, it } from 'mocha';
import { buildApiRequest, classifyStreamFrame, readCompletionTokens } from '../../../src/bench/run/api-shape.js';

describe('buildApiRequest', () => {
  it('builds a chat request with sampling and streaming options', () => {
    const request = buildApiRequest('chat', { prompt: 'hi', max_tokens: 5, temperature: 0 }, 'm', true);
    expect(request.path).to.equal('/v1/chat/completions');
    expect(JSON.parse(request.body)).to.deep.equal({
      model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, temperature: 0, stream: true, stream_options: { include_usage: true },
    });
  });

  it('builds completions and /generate requests', () => {
    expect(JSON.parse(buildApiRequest('completions', { prompt: 'hi' }, 'm', false).body)).to.deep.equal({ model: 'm', prompt: 'hi' });
    const generate = buildApiRequest('generate', { prompt: 'hi', max_tokens: 3 }, 'm', false);
    expect(generate).to.deep.equal({ path: '/generate', body: '{"prompt":"hi","max_tokens":3}' });
  });
});

describe('readCompletionTokens', () => {
  it('reads usage, or rate times duration for /generate', () => {
    expect(readCompletionTokens('chat', { usage: { completion_tokens: 7 } })).to.equal(7);
    expect(readCompletionTokens('chat', { usage: {} })).to.equal(undefined);
    expect(readCompletionTokens('generate', { tokens_per_sec: 50, latency_ms: 200 })).to.equal(10);
    expect(readCompletionTokens('generate', { text: 'x' })).to.equal(undefined);
    expect(readCompletionTokens('completions', null)).to.equal(undefined);
  });
});

describe('classifyStreamFrame', () => {
  it('tells tokens, usage, errors, the end and everything else apart', () => {
    expect(classifyStreamFrame('{"choices":[{"delta":{"content":"a"}}]}')).to.deep.equal({ kind: 'token' });
    expect(classifyStreamFrame('{"choices":[{"text":"a"}]}')).to.deep.equal({ kind: 'token' });
    expect(classifyStreamFrame('{"choices":[],"usage":{"completion_tokens":4}}')).to.deep.equal({ kind: 'usage', completionTokens: 4 });
    expect(classifyStreamFrame('{"error":{"message":"x"}}')).to.deep.equal({ kind: 'error' });
    expect(classifyStreamFrame('{not json')).to.deep.equal({ kind: 'error' });
    expect(classifyStreamFrame('[DONE]')).to.deep.equal({ kind: 'done' });
    expect(classifyStreamFrame('{"choices":[{"delta":{"role":"assistant"}}]}')).to.deep.equal({ kind: 'other' });
  });
});
