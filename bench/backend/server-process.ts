/**
 * Child-process entry of the backend benchmark: serves either the mock
 * backend or a bare node:http server answering fixed bytes, on an ephemeral
 * loopback port, and reports its URL to the parent over IPC. Each server runs
 * in its own process, so it gets a core of its own, away from the load generator.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBackend, type BackendOptions } from '../../src/backend/index.js';

export interface BareReply {
  readonly contentType: string;
  readonly body: string;
}

export type ServerSpec =
  | { readonly kind: 'mock'; readonly options: BackendOptions }
  | { readonly kind: 'bare'; readonly reply: BareReply };

async function startBare(reply: BareReply): Promise<string> {
  const headers = { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body) };
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      res.writeHead(200, headers);
      res.end(reply.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const spec = JSON.parse(process.argv[2]!) as ServerSpec;
const url = spec.kind === 'mock' ? (await startBackend({ ...spec.options, host: '127.0.0.1', port: 0 })).url : await startBare(spec.reply);
process.send!({ url });
// The parent owns our lifetime: when it goes, so do we.
process.once('disconnect', () => process.exit(0));
