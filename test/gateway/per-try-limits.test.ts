import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import { requestLogs, startRig, type GatewayRig } from '../support/gateway-rig.js';
import { chatBody, postJson } from '../support/raw-http.js';

/** A backend that accepts connections and reads requests but never answers a byte. */
async function startSilentBackend(): Promise<{ url: string; accepted: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * A loopback port whose connections never open: a child process listens with a backlog of 1 and then blocks its
 * event loop, so once two connections fill the accept queue the kernel drops further SYNs and connect() hangs.
 */
async function startUnconnectableBackend(): Promise<{ url: string; close: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', `
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      process.stdout.write(server.address().port + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
      process.exit(0);
    });`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout!, 'data') as [Buffer];
  const port = Number(String(line).trim());
  const fillers = [net.connect({ host: '127.0.0.1', port }), net.connect({ host: '127.0.0.1', port })];
  for (const filler of fillers) {
    filler.on('error', () => undefined);
    await once(filler, 'connect');
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const filler of fillers) filler.destroy();
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

describe('UpstreamProxy: per-try time limits', () => {
  let rig: GatewayRig | undefined;
  let silent: Awaited<ReturnType<typeof startSilentBackend>> | undefined;
  afterEach(async () => {
    await rig?.close();
    await silent?.close();
  });

  it('fails over from a backend that never answers: every request succeeds within the per-try limit plus the healthy time', async () => {
    // GIVEN a silent backend and a healthy one (20 ms to first token), with a 300 ms per-try limit and the default TTFT
    silent = await startSilentBackend();
    const limitMs = 300;
    rig = await startRig({
      backends: [{ ttftMs: 20, itlMs: 1 }],
      extraUrls: [silent.url],
      gateway: { upstreamHeaderTimeoutMs: limitMs, upstreamAnswerTimeoutMs: limitMs, breakerThreshold: 100 },
    });
    // WHEN streaming and non-streaming requests are sent, one at a time so that half of them meet the silent backend first
    for (let index = 0; index < 8; index++) {
      const stream = index % 2 === 0;
      const startedAt = performance.now();
      const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 4, stream }));
      const elapsedMs = performance.now() - startedAt;
      // THEN each succeeds, well before the 60 s first-byte deadline: one per-try limit plus the healthy answer
      expect(response.status, `request ${index}`).to.equal(200);
      expect(elapsedMs, `request ${index}`).to.be.below(limitMs + 20 + 700);
    }
    expect(silent.accepted()).to.be.at.least(1);
    const retried = requestLogs(rig).filter((line) => line.tries === 2);
    expect(retried.length).to.be.at.least(2);
  });

  it('fails over from a backend whose connections never open within the connect timeout', async () => {
    const unconnectable = await startUnconnectableBackend();
    try {
      rig = await startRig({
        backends: [{}], extraUrls: [unconnectable.url], gateway: { connectTimeoutMs: 200, breakerThreshold: 100, probeTimeoutMs: 100 },
      });
      for (let index = 0; index < 4; index++) {
        const startedAt = performance.now();
        const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 2 }));
        expect(response.status, `request ${index}`).to.equal(200);
        expect(performance.now() - startedAt, `request ${index}`).to.be.below(200 + 700);
      }
      expect(requestLogs(rig).filter((line) => line.tries === 2).length).to.be.at.least(1);
    } finally {
      await rig?.close();
      rig = undefined;
      await unconnectable.close();
    }
  });

  it('answers 502 naming the limit when the only backend never answers', async () => {
    silent = await startSilentBackend();
    rig = await startRig({ backends: [], extraUrls: [silent.url], gateway: { upstreamAnswerTimeoutMs: 100, retries: 1 } });
    const startedAt = performance.now();
    const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody());
    expect(response.status).to.equal(502);
    expect(response.body.error.code).to.equal('upstream_error');
    expect(response.body.error.message).to.include('the per-try answer limit of 100 ms passed');
    expect(performance.now() - startedAt).to.be.below(1500);
  });

  it('limits a non-streaming answer whose body stalls after its headers like one that never starts', async () => {
    // GIVEN a mock that sends the headers of the first answer, then stalls its body for 5 s
    rig = await startRig({ backends: [{}, {}], gateway: { upstreamAnswerTimeoutMs: 200 } });
    let stalled = 0;
    for (const backend of rig.backends) {
      backend.server.prependListener('request', (req) => {
        if (stalled++ === 0) Object.assign(req.headers, { 'x-mock-fault': 'stall', 'x-mock-stall-ms': '5000' });
      });
    }
    const startedAt = performance.now();
    const response = await postJson(`${rig.gateway.url}/v1/completions`, { model: 'mock-llm-v1', prompt: 'x', max_tokens: 2 });
    expect(response.status).to.equal(200);
    expect(response.body.choices[0].text).to.be.a('string');
    expect(performance.now() - startedAt).to.be.below(1500);
  });
});
