import { expect } from 'chai';
import { afterEach, describe, it } from 'mocha';
import { gatewayConfig, type GatewayConfig } from '../../src/gateway/index.js';
import { startRig, type GatewayRig } from '../support/gateway-rig.js';
import { startHungBackend, type HungBackend } from '../support/hung-backend.js';

/** The healthy mock: 20 ms to the first token, then 8 tokens 2 ms apart. */
const healthy = { ttftMs: 20, itlMs: 2 };
const maxTokens = 8;
const healthyMs = healthy.ttftMs + maxTokens * healthy.itlMs;
/**
 * What a request may take beyond the probe interval, the probe timeout and the healthy answer: the retry backoff
 * (at most 25 ms by default), the gateway's and the client's own work, and timers firing late on a shared 2-core machine.
 */
const marginMs = 500;
/** How long the client waits, as in the report: 12 s. */
const clientTimeoutMs = 12_000;

interface Outcome {
  readonly id: string;
  readonly ms: number;
  readonly error?: unknown;
}

/** One chat request through the official SDK, streamed or not, read to its end and checked. */
async function ask(rig: GatewayRig, name: string, stream: boolean): Promise<Outcome> {
  const id = `${name}-${stream ? 'stream' : 'plain'}`;
  const startedAt = performance.now();
  const body = { model: 'mock-llm-v1', messages: [{ role: 'user' as const, content: 'Are you there?' }], max_tokens: maxTokens };
  const options = { headers: { 'x-request-id': id }, timeout: clientTimeoutMs };
  try {
    if (stream) {
      let finish: string | null | undefined;
      for await (const chunk of await rig.client.chat.completions.create({ ...body, stream: true }, options)) {
        finish ??= chunk.choices[0]?.finish_reason;
      }
      expect(finish, id).to.equal('length');
    } else {
      const completion = await rig.client.chat.completions.create(body, options);
      expect(completion.choices[0]!.finish_reason, id).to.equal('length');
    }
    return { id, ms: performance.now() - startedAt };
  } catch (error) {
    return { id, ms: performance.now() - startedAt, error };
  }
}

interface ReadyBody {
  backends: Array<{ url: string; breaker: string }>;
}

describe('a backend that accepts connections and never answers', function () {
  this.timeout(30_000);
  let hung: HungBackend | undefined;
  let rig: GatewayRig | undefined;
  afterEach(async () => {
    await rig?.close();
    await hung?.close();
    rig = undefined;
    hung = undefined;
  });

  const scenarios: ReadonlyArray<{ readonly name: string; readonly settings: Partial<GatewayConfig> }> = [
    { name: 'default settings', settings: {} },
    { name: 'a 3 s first-byte deadline (GATEWAY_TTFT_TIMEOUT_MS=3000)', settings: { ttftTimeoutMs: 3000 } },
  ];
  for (const { name, settings } of scenarios) {
    it(`${name}: a burst then sequential requests, streaming and not, all succeed within a probe interval and timeout`, async () => {
      // GIVEN the gateway as a user starts it (its own defaults, health probes on) in front of a hung backend and a healthy mock
      const config = gatewayConfig(settings);
      const boundMs = Math.min(config.probeIntervalMs + config.probeTimeoutMs + healthyMs + marginMs, config.ttftTimeoutMs);
      hung = await startHungBackend();
      rig = await startRig({ backends: [healthy], extraUrls: [hung.url], gatewayDefaults: true, gateway: settings });
      const answeredBy = new Map<string, number>();
      rig.backends[0]!.server.on('request', (req) => {
        const id = String(req.headers['x-request-id']);
        answeredBy.set(id, (answeredBy.get(id) ?? 0) + 1);
      });
      // WHEN a burst of concurrent requests comes (in pairs of each kind, so that both meet the hung backend), then one at a time
      const burst = await Promise.all(Array.from({ length: 12 }, (_, index) => ask(rig!, `burst-${index}`, index % 4 < 2)));
      const sequential: Outcome[] = [];
      for (let index = 0; index < 6; index++) sequential.push(await ask(rig, `sequential-${index}`, index % 2 === 0));
      // THEN every request succeeds within the probe interval + probe timeout + the healthy answer + the margin, and its deadline
      for (const outcome of [...burst, ...sequential]) {
        expect(outcome.error, outcome.id).to.equal(undefined);
        expect(outcome.ms, outcome.id).to.be.below(boundMs);
      }
      // AND the burst met the hung backend (enough tries to open its breaker), and after that it got no request at all
      const reachedHung = hung.requests.filter((request) => request.line.startsWith('POST ')).map((request) => request.id);
      expect(reachedHung.length, 'burst requests that landed on the hung backend').to.be.at.least(config.breakerThreshold);
      expect(reachedHung.every((id) => id.startsWith('burst-')), reachedHung.join()).to.equal(true);
      expect(reachedHung.some((id) => id.endsWith('-stream')) && reachedHung.some((id) => id.endsWith('-plain')), reachedHung.join()).to.equal(true);
      const ready = await (await fetch(`${rig.gateway.url}/readyz`)).json() as ReadyBody;
      expect(ready.backends.find((backend) => backend.url === hung!.url)?.breaker).to.equal('open');
      // AND no request was sent twice: each reached the hung backend at most once and the healthy one exactly once
      expect(new Set(reachedHung).size).to.equal(reachedHung.length);
      for (const { id } of [...burst, ...sequential]) expect(answeredBy.get(id), id).to.equal(1);
    });
  }
});
