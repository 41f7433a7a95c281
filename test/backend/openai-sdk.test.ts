import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import OpenAI from 'openai';
import { countTokens, startBackend } from '../../src/backend/index.js';

describe('mock backend through the official openai SDK', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let client: OpenAI;

  before(async () => {
    backend = await startBackend({ ttftMs: 0, itlMs: 0, models: ['mock-llm-v1', 'mock-llm-v2'], maxBodyBytes: 4096 });
    client = new OpenAI({ baseURL: `${backend.url}/v1`, apiKey: 'not-checked', maxRetries: 0 });
  });
  after(() => backend.close());

  it('answers a chat completion whose usage agrees with its text', async () => {
    const completion = await client.chat.completions.create({
      model: 'mock-llm-v1',
      messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Hello there friend' }],
      max_tokens: 5,
    });
    expect(completion.object).to.equal('chat.completion');
    expect(completion.id).to.match(/^chatcmpl-/);
    const choice = completion.choices[0]!;
    expect(choice.message.role).to.equal('assistant');
    expect(choice.finish_reason).to.equal('length');
    expect(countTokens(choice.message.content!)).to.equal(5);
    expect(completion.usage).to.deep.equal({ prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 });
  });

  it('stops on its own with finish_reason stop when max_tokens does not cut', async () => {
    const completion = await client.chat.completions.create({ model: 'mock-llm-v2', messages: [{ role: 'user', content: 'hi' }] });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).to.equal('stop');
    expect(completion.usage!.completion_tokens).to.equal(countTokens(choice.message.content!)).and.to.be.within(16, 64);
  });

  it('streams chat chunks: role first, finish_reason last, then the usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'mock-llm-v1',
      messages: [{ role: 'user', content: 'stream please' }],
      max_tokens: 4,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).to.have.length(6);
    expect(chunks[0]!.choices[0]!.delta.role).to.equal('assistant');
    expect(chunks.slice(0, 5).every((chunk) => chunk.usage === null)).to.equal(true);
    expect(chunks[4]!.choices[0]!.finish_reason).to.equal('length');
    const usageChunk = chunks[5]!;
    expect(usageChunk.choices).to.deep.equal([]);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(countTokens(text)).to.equal(4);
    expect(usageChunk.usage).to.deep.equal({ prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).to.equal(1);
  });

  it('answers and streams legacy text completions', async () => {
    const completion = await client.completions.create({ model: 'mock-llm-v1', prompt: 'Once upon a time' });
    expect(completion.object).to.equal('text_completion');
    expect(completion.usage!.completion_tokens).to.equal(16);
    expect(completion.choices[0]!.finish_reason).to.equal('length');
    const stream = await client.completions.create({ model: 'mock-llm-v1', prompt: 'Once upon a time', stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]!.text;
      finish = chunk.choices[0]!.finish_reason ?? finish;
    }
    expect(text).to.equal(completion.choices[0]!.text);
    expect(finish).to.equal('length');
  });

  it('lists the configured models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((model) => model.id)).to.deep.equal(['mock-llm-v1', 'mock-llm-v2']);
    expect(models[0]!.object).to.equal('model');
  });

  it('surfaces each client error as the matching SDK error class', async () => {
    const missingMessages = await client.chat.completions.create({ model: 'mock-llm-v1' } as never).catch((error: unknown) => error);
    expect(missingMessages).to.be.instanceOf(OpenAI.BadRequestError);
    expect((missingMessages as InstanceType<typeof OpenAI.BadRequestError>).param).to.equal('messages');

    const badType = await client.chat.completions.create({ model: 'mock-llm-v1', messages: [], max_tokens: 'x' as never })
      .catch((error: unknown) => error);
    expect(badType).to.be.instanceOf(OpenAI.BadRequestError);

    const unknownModel = await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(unknownModel).to.be.instanceOf(OpenAI.NotFoundError);
    expect((unknownModel as InstanceType<typeof OpenAI.NotFoundError>).code).to.equal('model_not_found');

    const tooLarge = await client.chat.completions.create({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'x'.repeat(5000) }] })
      .catch((error: unknown) => error);
    expect(tooLarge).to.be.instanceOf(OpenAI.APIError);
    expect((tooLarge as InstanceType<typeof OpenAI.APIError>).status).to.equal(413);
  });

  it('surfaces injected HTTP faults as RateLimitError and InternalServerError', async () => {
    const limited = await client.chat.completions.create(
      { model: 'mock-llm-v1', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-fault': 'http-429' } },
    ).catch((error: unknown) => error);
    expect(limited).to.be.instanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).to.equal('1');
    for (const fault of ['http-500', 'http-503']) {
      const failed = await client.chat.completions.create(
        { model: 'mock-llm-v1', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-fault': fault } },
      ).catch((error: unknown) => error);
      expect(failed, fault).to.be.instanceOf(OpenAI.InternalServerError);
    }
  });

  it('raises the in-band error frame as an SDK APIError mid-stream', async () => {
    const stream = await client.chat.completions.create(
      { model: 'mock-llm-v1', messages: [{ role: 'user', content: 'x' }], max_tokens: 10, stream: true },
      { headers: { 'x-mock-fault': 'error-frame', 'x-mock-fault-after-tokens': '2' } },
    );
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]!.delta.content ?? '');
    })().catch((error: unknown) => error);
    expect(seen).to.have.length(2);
    expect(failure).to.be.instanceOf(OpenAI.APIError);
  });
});
