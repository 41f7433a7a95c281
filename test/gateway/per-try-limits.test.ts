import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import { requestLogs, startRig, type GatewayRig } from '../support/gateway-rig.js';
import { startHungBackend, type HungBackend } from '../support/hung-backend.js';
import { chatBody, postJson } from '../support/raw-http.js';

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

/** The start-up model lookup waits at most one probe timeout on a hung backend: kept short, as the probes are off. */
const quickStart = { probeTimeoutMs: 100 };

describe('UpstreamProxy: per-try time limits', () => {
  let rig: GatewayRig | undefined;
  let hung: HungBackend | undefined;
  afterEach(async () => {
    await rig?.close();
    await hung?.close();
    rig = undefined;
    hung = undefined;
  });

  it('fails over from a backend that never answers: every request succeeds within the per-try limit plus the healthy time', async () => {
    // GIVEN a hung backend and a healthy one (20 ms to first token), with a 300 ms per-try limit and the default TTFT
    hung = await startHungBackend();
    const limitMs = 300;
    rig = await startRig({
      backends: [{ ttftMs: 20, itlMs: 1 }],
      extraUrls: [hung.url],
      gateway: { upstreamHeaderTimeoutMs: limitMs, upstreamAnswerTimeoutMs: limitMs, breakerThreshold: 100, ...quickStart },
    });
    // WHEN streaming and non-streaming requests are sent, one at a time so that half of them meet the hung backend first
    for (let index = 0; index < 8; index++) {
      const stream = index % 2 === 0;
      const startedAt = performance.now();
      const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 4, stream }));
      const elapsedMs = performance.now() - startedAt;
      // THEN each succeeds, well before the 60 s first-byte deadline: one per-try limit plus the healthy answer
      expect(response.status, `request ${index}`).to.equal(200);
      expect(elapsedMs, `request ${index}`).to.be.below(limitMs + 20 + 700);
    }
    expect(hung.requests.length).to.be.at.least(1);
    const retried = requestLogs(rig).filter((line) => line.tries === 2);
    expect(retried.length).to.be.at.least(2);
  });

  it('counts a try that ran out of time against its backend: after the breaker threshold, requests skip it', async () => {
    // GIVEN a hung backend and a healthy one, a 200 ms per-try limit, the default breaker threshold, no health probes
    hung = await startHungBackend();
    rig = await startRig({ backends: [{}], extraUrls: [hung.url], gateway: { upstreamAnswerTimeoutMs: 200, breakerThreshold: 3, ...quickStart } });
    // WHEN requests come one at a time
    for (let index = 0; index < 10; index++) {
      const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody({ max_tokens: 2 }));
      expect(response.status, `request ${index}`).to.equal(200);
    }
    // THEN the hung backend got three of them, one per failure its breaker counted, then none
    expect(hung.requests.filter((request) => request.line.startsWith('POST ')).length).to.equal(3);
    const ready = await (await fetch(`${rig.gateway.url}/readyz`)).json() as { backends: Array<{ url: string; breaker: string }> };
    expect(ready.backends.find((backend) => backend.url === hung!.url)?.breaker).to.equal('open');
  });

  it('gives each try its share of the first-byte deadline, so a request reaches a second backend before it passes', async () => {
    // GIVEN two hung backends, a 400 ms first-byte deadline and the default per-try limits (30 s for an answer)
    hung = await startHungBackend();
    const other = await startHungBackend();
    try {
      rig = await startRig({ backends: [], extraUrls: [hung.url, other.url], gateway: { ttftTimeoutMs: 400, ...quickStart } });
      // WHEN a request comes
      const startedAt = performance.now();
      const response = await postJson(`${rig.gateway.url}/v1/chat/completions`, chatBody(), { 'x-request-id': 'split-1' });
      // THEN the first try stopped at half the deadline, the second backend was tried, and the deadline then answered 504
      expect(response.status).to.equal(504);
      expect(response.body.error.code).to.equal('first_byte_timeout');
      expect(performance.now() - startedAt).to.be.within(390, 1000);
      expect([...hung.requests, ...other.requests].filter((request) => request.id === 'split-1')).to.have.length(2);
    } finally {
      await other.close();
    }
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
    hung = await startHungBackend();
    rig = await startRig({ backends: [], extraUrls: [hung.url], gateway: { upstreamAnswerTimeoutMs: 100, retries: 1, ...quickStart } });
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
