import { once } from 'node:events';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { chatBody } from '../support/raw-http.js';

type Backend = Awaited<ReturnType<typeof startBackend>>;

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

async function metricValue(backend: Backend, name: string): Promise<number> {
  const metric = await backend.metrics.registry.getSingleMetric(name)!.get();
  return metric.values.reduce((sum, value) => sum + value.value, 0);
}

/** Polls a condition once per event-loop turn, for at most two seconds. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + 2000;
  while (!await condition()) {
    if (performance.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('cancellation (RequestClock)', () => {
  let backend: Backend;

  before(async () => {
    backend = await startBackend({ ttftMs: 0, itlMs: 40 });
  });
  after(() => backend.close(100));

  for (const stream of [true, false]) {
    it(`stops generating at once when the client leaves (${stream ? 'streaming' : 'whole answer'})`, async () => {
      // GIVEN a long answer in progress
      const serverResponse = once(backend.server, 'request').then(([, res]) => res as ServerResponse);
      const req = request(`${backend.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      req.on('error', () => undefined);
      req.end(JSON.stringify(chatBody({ stream, max_tokens: 500, ignore_eos: true })));
      const res = await serverResponse;
      const timersBefore = activeTimers();
      if (stream) {
        const [clientRes] = await once(req, 'response') as [IncomingMessage];
        await once(clientRes, 'data');
      }
      await waitFor(async () => await metricValue(backend, 'vllm:num_requests_running') === 1);
      const cancelledBefore = await metricValue(backend, 'mock_llm_requests_cancelled_total');

      // WHEN the client disconnects
      req.destroy();
      await once(res, 'close');

      // THEN the server counted the cancel, stopped the request and left no timer behind
      expect(await metricValue(backend, 'mock_llm_requests_cancelled_total')).to.equal(cancelledBefore + 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(await metricValue(backend, 'vllm:num_requests_running')).to.equal(0);
      expect(activeTimers()).to.be.at.most(timersBefore);
      if (stream) expect(await metricValue(backend, 'vllm:generation_tokens_total')).to.be.below(500);
    });
  }
});
