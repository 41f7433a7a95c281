/**
 * The HTTP half of `npm run docker:smoke` (scripts/docker/smoke.sh runs the
 * containers): waits until a running server is ready, then checks the answers of
 * its public API. With --upstream, also proves the requests reached that server
 * (the gateway's backend) by the rise of its chat-completion metric samples.
 *
 *   tsx test/support/docker-smoke-probe.ts --url http://127.0.0.1:28000 [--upstream URL]
 */
import { parseArgs } from 'node:util';
import { sseData } from './raw-http.js';

const readyWithinMs = 60_000;
const requestTimeoutMs = 15_000;

class SmokeCheckError extends Error {
  readonly code = 'SMOKE_CHECK_FAILED';
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SmokeCheckError(message);
}

async function request(url: string, init: RequestInit = {}): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

function postJson(url: string, body: unknown): ReturnType<typeof request> {
  return request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function waitUntilReady(base: string): Promise<void> {
  const deadline = Date.now() + readyWithinMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const ready = await request(`${base}/readyz`);
      if (ready.status === 200) return;
      last = `status ${ready.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    // Polling is the only way to see a container's server come up from outside.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new SmokeCheckError(`${base}/readyz not 200 within ${readyWithinMs} ms (last: ${last})`);
}

const chatBody = { model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Say hello from the container.' }], max_tokens: 16 };

async function checkChat(base: string): Promise<string> {
  const answer = await postJson(`${base}/v1/chat/completions`, chatBody);
  check(answer.status === 200, `chat completion: status ${answer.status}: ${answer.body.slice(0, 300)}`);
  const parsed = JSON.parse(answer.body) as { object?: string; choices?: { message?: { content?: unknown } }[] };
  const content = parsed.choices?.[0]?.message?.content;
  check(parsed.object === 'chat.completion', `chat completion: object is ${String(parsed.object)}`);
  check(typeof content === 'string' && content.length > 0, 'chat completion: no message content');
  return `chat completion: ${JSON.stringify(content.slice(0, 40))}`;
}

interface StreamChunk { choices: { delta?: { role?: string; content?: string }; finish_reason?: string | null }[] }

async function checkStream(base: string): Promise<string> {
  const answer = await postJson(`${base}/v1/chat/completions`, { ...chatBody, stream: true });
  check(answer.status === 200, `streamed completion: status ${answer.status}: ${answer.body.slice(0, 300)}`);
  check(answer.type.startsWith('text/event-stream'), `streamed completion: content-type ${answer.type}`);
  const frames = sseData(answer.body);
  check(frames.length > 0, 'streamed completion: no `data:` events');
  check(frames.at(-1) === '[DONE]', 'streamed completion: does not end with data: [DONE]');
  const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame) as StreamChunk);
  const choices = chunks.flatMap((chunk) => chunk.choices);
  check(choices[0]?.delta?.role === 'assistant', 'streamed completion: first chunk carries no assistant role');
  check(choices.some((choice) => choice.finish_reason), 'streamed completion: no chunk carries a finish_reason');
  const text = choices.map((choice) => choice.delta?.content ?? '').join('');
  check(text.length > 0, 'streamed completion: no content');
  return `streamed completion: ${chunks.length} chunks, ${JSON.stringify(text.slice(0, 40))}`;
}

async function checkGenerate(base: string): Promise<string> {
  const answer = await postJson(`${base}/generate`, { prompt: 'Hello', max_tokens: 8 });
  check(answer.status === 200, `/generate: status ${answer.status}: ${answer.body.slice(0, 300)}`);
  const parsed = JSON.parse(answer.body) as Record<string, unknown>;
  check(typeof parsed.text === 'string' && parsed.text.length > 0, '/generate: no text');
  check(typeof parsed.model === 'string', '/generate: no model');
  check(typeof parsed.tokens_per_sec === 'number' && typeof parsed.latency_ms === 'number',
    '/generate: tokens_per_sec and latency_ms must be numbers');
  return `/generate: ${JSON.stringify(parsed.text.slice(0, 40))} from ${parsed.model}`;
}

async function readMetrics(base: string): Promise<string> {
  const answer = await request(`${base}/metrics`);
  check(answer.status === 200, `/metrics: status ${answer.status}`);
  check(/^# TYPE /m.test(answer.body), '/metrics: not Prometheus text exposition');
  return answer.body;
}

/** Sum of every sample labelled with the chat route: it rises with each chat request served. */
function countChatSamples(metrics: string): number {
  return metrics.split('\n')
    .filter((line) => !line.startsWith('#') && line.includes('chat/completions'))
    .reduce((sum, line) => sum + (Number(line.slice(line.lastIndexOf(' ') + 1)) || 0), 0);
}

async function probe(base: string, upstream: string | undefined): Promise<string[]> {
  await waitUntilReady(base);
  const health = await request(`${base}/healthz`);
  check(health.status === 200, `/healthz: status ${health.status}`);
  const before = upstream === undefined ? 0 : countChatSamples(await readMetrics(upstream));
  const lines = ['/readyz and /healthz: 200', await checkChat(base), await checkStream(base), await checkGenerate(base)];
  lines.push(`/metrics: ${(await readMetrics(base)).split('\n').length} lines`);
  if (upstream !== undefined) {
    const after = countChatSamples(await readMetrics(upstream));
    check(after > before, `upstream ${upstream}: its chat-completion metrics did not rise (${before} -> ${after})`);
    lines.push(`upstream served the chat requests: its chat-completion samples rose ${before} -> ${after}`);
  }
  return lines;
}

const { values } = parseArgs({ options: { url: { type: 'string' }, upstream: { type: 'string' } } });
if (values.url === undefined) {
  process.stderr.write('usage: docker-smoke-probe --url URL [--upstream URL]\n');
  process.exit(2);
}
try {
  for (const line of await probe(values.url, values.upstream)) process.stdout.write(`  ok ${line}\n`);
} catch (error) {
  process.stderr.write(`  FAILED ${error instanceof SmokeCheckError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
