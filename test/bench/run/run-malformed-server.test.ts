import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';

const cli = new URL('../../../src/bench/cli.ts', import.meta.url).pathname;
const answer = JSON.stringify({ choices: [{ message: { content: 'hi' } }], usage: { completion_tokens: 1 } });

/** Answers requests in turn: `content-length: abc`, a negative content-length before a valid body, then a good answer. */
async function startLyingServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const heads = ['content-length: abc', 'content-length: -1', `content-length: ${answer.length}`];
  let served = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', () => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${heads[served++ % heads.length]}\r\n\r\n${answer}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('llm-bench run against a server whose answers cannot be framed', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-framing-'));
  let server: Awaited<ReturnType<typeof startLyingServer>>;
  before(async () => { server = await startLyingServer(); });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits within its timeout, counting those answers as invalid_response errors', async () => {
    const startedAt = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath, ['--import', 'tsx', cli, 'run', '--url', server.url, '-n', '9', '-c', '1', '--timeout', '5', '--json', '-o', join(dir, 'r.json')],
      { timeout: 30_000 },
    );
    // Before the fix one such answer spun at 100 % CPU until killed; the bound is loose only for slow spawns under load.
    expect(performance.now() - startedAt).to.be.below(15_000);
    const result = JSON.parse(stdout);
    expect(result).to.include({ total_requests: 9, successful_requests: 3 });
    expect(result.errors_by_kind).to.deep.equal({ invalid_response: 6 });
  });
});
