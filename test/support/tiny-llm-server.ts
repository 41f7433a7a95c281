/**
 * A tiny OpenAI-shaped node:http server for the bench tests until they run
 * against the mock backend: answers chat, completions (optionally streamed)
 * and /generate, and misbehaves when the prompt holds #fail, #reset, #stall, #garbage, #cut or #inband.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TinyServer {
  readonly url: string;
  /** Request bodies received, in order. */
  readonly bodies: Record<string, unknown>[];
  readonly authorizations: (string | undefined)[];
  close(): Promise<void>;
}

function promptOf(body: Record<string, unknown>): string {
  const messages = body.messages as { content: string }[] | undefined;
  return messages?.[0]?.content ?? String(body.prompt ?? '');
}

function streamTokens(res: http.ServerResponse, prompt: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const words = ['Hello', ' there', ' friend'];
  for (const word of words) res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: word } }], usage: null })}\n\n`);
  if (prompt.includes('#cut')) {
    res.destroy();
    return;
  }
  if (prompt.includes('#inband')) res.write(`data: ${JSON.stringify({ error: { message: 'boom' } })}\n\n`);
  res.write(`data: ${JSON.stringify({ choices: [], usage: { completion_tokens: words.length } })}\n\n`);
  res.end('data: [DONE]\n\n');
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>): void {
  const prompt = promptOf(body);
  if (prompt.includes('#fail')) {
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"fail"}}');
  } else if (prompt.includes('#reset')) {
    req.socket.destroy();
  } else if (prompt.includes('#stall')) {
    res.writeHead(200);
  } else if (prompt.includes('#garbage')) {
    res.writeHead(200).end('not json');
  } else if (body.stream === true) {
    streamTokens(res, prompt);
  } else if (req.url === '/generate') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'hi', tokens_per_sec: 100, latency_ms: 40, model: 'm' }));
  } else {
    res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ choices: [{ message: { content: 'hi' } }], usage: { completion_tokens: 5 } }));
  }
}

export async function startTinyServer(): Promise<TinyServer> {
  const bodies: Record<string, unknown>[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      bodies.push(body);
      authorizations.push(req.headers.authorization);
      answer(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    authorizations,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
