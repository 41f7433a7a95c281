import { once } from 'node:events';
import type { Server } from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { startRig, type GatewayRig } from '../support/gateway-rig.js';

/**
 * Sends a liveness probe and, pipelined behind it, half of a readiness probe; begins the drain once the server got
 * the first (a connection in the middle of a request is not idle, so the drain lets it finish), then completes the
 * readiness probe: it is served during the drain.
 */
async function probeDuringDrain(url: string, server: Server, drain: () => Promise<void>): Promise<{ head: string; body: string }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const closed = once(socket, 'close');
  const received = once(server, 'request');
  socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\nGET /readyz HTTP/1.1\r\nhost: x\r\n');
  await received;
  const drained = drain();
  socket.write('\r\n');
  await closed;
  await drained;
  const text = Buffer.concat(chunks).toString('latin1');
  const [head, body] = text.slice(text.lastIndexOf('HTTP/1.1 ')).split('\r\n\r\n') as [string, string];
  return { head, body };
}

describe('readiness during the drain', () => {
  let rig: GatewayRig | undefined;
  afterEach(() => rig?.close());

  it('the gateway answers /readyz 503 draining, and closes the connection', async () => {
    rig = await startRig();
    const gateway = rig.gateway;
    const { head, body } = await probeDuringDrain(gateway.url, gateway.server, () => gateway.close(5_000));
    expect(head).to.match(/^HTTP\/1\.1 503 /).and.match(/connection: close/i);
    expect(JSON.parse(body)).to.deep.include({ status: 'draining' });
  });

  it('the mock backend does the same', async () => {
    const backend = await startBackend({ ttftMs: 0, itlMs: 0 });
    const { head, body } = await probeDuringDrain(backend.url, backend.server, () => backend.close(5_000));
    expect(head).to.match(/^HTTP\/1\.1 503 /).and.match(/connection: close/i);
    expect(JSON.parse(body)).to.deep.equal({ status: 'draining' });
  });
});
