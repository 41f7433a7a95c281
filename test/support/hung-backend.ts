import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A request a hung backend received: its request line and its `x-request-id`. */
export interface HungRequest {
  readonly line: string;
  readonly id: string;
}

export interface HungBackend {
  readonly url: string;
  /** Every request received so far, in order (probes and model lists included). */
  readonly requests: HungRequest[];
  close(): Promise<void>;
}

/**
 * The process: it accepts every connection and reads every request, then
 * never answers a byte, like a model server stuck in a hung kernel or behind a
 * full queue. It reports each request's line and id on stdout, one JSON line each.
 */
const hungServer = `
const server = require('node:net').createServer((socket) => {
  let head = '';
  socket.setEncoding('latin1');
  socket.on('error', () => {});
  socket.on('data', (text) => {
    if (head === undefined) return;
    head += text;
    const end = head.indexOf('\\r\\n\\r\\n');
    if (end === -1) return;
    const lines = head.slice(0, end).split('\\r\\n');
    const id = lines.find((line) => /^x-request-id:/i.test(line));
    process.stdout.write(JSON.stringify({ line: lines[0], id: id === undefined ? '' : id.slice(13).trim() }) + '\\n');
    head = undefined;
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
`;

/** Starts a backend that accepts connections and never answers, in a process of its own. */
export async function startHungBackend(): Promise<HungBackend> {
  const child = spawn(process.execPath, ['-e', hungServer], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const requests: HungRequest[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    void exited.then(() => reject(new Error('the hung backend exited before listening')));
    lines.on('line', (text) => {
      const entry = JSON.parse(text) as { port?: number } & HungRequest;
      if (entry.port === undefined) requests.push({ line: entry.line, id: entry.id });
      else resolve(entry.port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
