import { once } from 'node:events';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend, type RunningBackend } from '../../src/backend/index.js';
import { addressUrl, isDiscoverable, resolveWithSystem } from '../../src/gateway/backend-discovery.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { startRig, type GatewayRig } from '../support/gateway-rig.js';

type LogLine = Record<string, unknown>;

/** The next log line with this message about this backend, listened for before the change that causes it. */
function nextLog(rig: GatewayRig, msg: string, backend?: string): Promise<LogLine> {
  return new Promise((resolve) => {
    const onLog = (line: LogLine): void => {
      if (line.msg !== msg || (backend !== undefined && line.backend !== backend)) return;
      rig.logEvents.off('log', onLog);
      resolve(line);
    };
    rig.logEvents.on('log', onLog);
  });
}

/** Resolves once the backend has received `count` more chat completion requests. */
async function received(backend: RunningBackend, count: number): Promise<void> {
  for (let seen = 0; seen < count;) {
    const [req] = await once(backend.server, 'request') as [{ url?: string }];
    if (req.url === '/v1/chat/completions') seen += 1;
  }
}

describe('DNS backend discovery', function () {
  this.timeout(20_000);
  const name = 'llm-backend.discovery.test';
  let dns: DnsServer;
  let first: RunningBackend;
  let second: RunningBackend;
  let rig: GatewayRig;
  const served = new Map<string, number>();
  const address = (backend: RunningBackend): string => new URL(backend.url).hostname;
  const label = (backend: RunningBackend): string => `http://${address(backend)}:${backend.port}`;
  const chat = (maxTokens: number) =>
    rig.client.chat.completions.create({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'hi' }], max_tokens: maxTokens });

  before(async () => {
    dns = await startDnsServer();
    // Two pods of one headless Service: same port, distinct loopback addresses.
    first = await startBackend({ host: '127.0.0.2', port: 0, ttftMs: 0, itlMs: 10 });
    second = await startBackend({ host: '127.0.0.3', port: first.port, ttftMs: 0, itlMs: 10 });
    for (const backend of [first, second]) {
      backend.server.on('request', (req: { url?: string }) => {
        if (req.url === '/v1/chat/completions') served.set(address(backend), (served.get(address(backend)) ?? 0) + 1);
      });
    }
    dns.answer(name, ['127.0.0.2']);
    rig = await startRig({
      backends: [],
      gateway: { backendUrls: [`http://${name}:${first.port}`], discoveryIntervalMs: 20, dnsServers: [dns.address] },
    });
  });
  after(async () => {
    await rig.close();
    await Promise.all([first.close(0), second.close(0), dns.close()]);
  });

  it('starts with the addresses the name resolves to, each a backend of its own', async () => {
    const ready = await (await fetch(`${rig.gateway.url}/readyz`)).json() as { backends: Array<{ url: string }> };
    expect(ready.backends.map((backend) => backend.url)).to.deep.equal([label(first)]);
    for (let index = 0; index < 2; index += 1) await chat(1);
    expect(served.get('127.0.0.2')).to.equal(2);
  });

  it('sends traffic to an address that appears in the answer', async () => {
    // GIVEN the Service scaled up to a second pod
    const added = nextLog(rig, 'backend added', label(second));
    dns.answer(name, ['127.0.0.2', '127.0.0.3']);
    expect(await added).to.include({ source: `http://${name}:${first.port}` });
    // WHEN requests come one after another
    const earlier = { first: served.get('127.0.0.2') ?? 0, second: served.get('127.0.0.3') ?? 0 };
    for (let index = 0; index < 4; index += 1) await chat(1);
    // THEN the balancer shares them between the two addresses
    expect((served.get('127.0.0.2') ?? 0) - earlier.first).to.equal(2);
    expect((served.get('127.0.0.3') ?? 0) - earlier.second).to.equal(2);
  });

  it('drains an address that leaves the answer: its requests in flight finish, new ones go elsewhere, none fails', async () => {
    // GIVEN streams in flight on both addresses
    const inFlight = Promise.all([received(first, 2), received(second, 2)]);
    const streams = Array.from({ length: 4 }, () => chat(30));
    await inFlight;
    // WHEN the first pod leaves the Service
    const removed = nextLog(rig, 'backend removed', label(first));
    const drained = nextLog(rig, 'backend drained', label(first));
    dns.answer(name, ['127.0.0.3']);
    expect((await removed).outstanding).to.equal(2);
    const servedByFirst = served.get('127.0.0.2');
    const during = await Promise.all(Array.from({ length: 3 }, () => chat(1)));
    // THEN every request succeeds, the removed address got no new one, and it is dropped once its streams end
    const answers = [...await Promise.all(streams), ...during];
    expect(answers.map((answer) => answer.choices[0]?.finish_reason)).to.have.length(7).and.not.include(undefined);
    expect(served.get('127.0.0.2')).to.equal(servedByFirst);
    await drained;
    const ready = await (await fetch(`${rig.gateway.url}/readyz`)).json() as { backends: Array<{ url: string }> };
    expect(ready.backends.map((backend) => backend.url)).to.deep.equal([label(second)]);
  });

  it('keeps per-address metrics and forgets a drained address', async () => {
    const metrics = await (await fetch(`${rig.gateway.url}/metrics`)).text();
    expect(metrics).to.contain(`llm_gateway_upstream_tries_total{backend="${label(second)}",outcome="success"}`);
    expect(metrics).to.contain(`llm_gateway_breaker_state{backend="${label(second)}"} 0`);
    expect(metrics).not.to.contain(`backend="${label(first)}"`);
    expect(metrics).to.contain(`llm_gateway_discovered_backends{source="http://${name}:${first.port}"} 1`);
  });

  it('keeps a breaker per address: a pod that refuses connections is skipped, no request fails', async () => {
    // GIVEN an address where nothing listens joins the answer
    const dead = `http://127.0.0.4:${first.port}`;
    const added = nextLog(rig, 'backend added', dead);
    dns.answer(name, ['127.0.0.3', '127.0.0.4']);
    await added;
    const opened = nextLog(rig, 'breaker', dead);
    // WHEN requests keep coming, THEN they fail over to the live address and the dead one's breaker opens alone
    for (let index = 0; index < 8; index += 1) expect((await chat(1)).choices).to.have.length(1);
    expect(await opened).to.include({ state: 'open' });
    const ready = await (await fetch(`${rig.gateway.url}/readyz`)).json() as { backends: Array<{ url: string; breaker: string }> };
    expect(ready.backends.find((backend) => backend.url === dead)?.breaker).to.equal('open');
    expect(ready.backends.find((backend) => backend.url === label(second))?.breaker).to.equal('closed');
  });

  it('keeps the known addresses while the name does not resolve', async () => {
    const failed = nextLog(rig, 'discovery failed');
    dns.answer(name, []);
    expect(await failed).to.include({ kept: 2 });
    expect((await chat(1)).choices).to.have.length(1);
    const metrics = await (await fetch(`${rig.gateway.url}/metrics`)).text();
    expect(metrics).to.match(new RegExp(`llm_gateway_discovery_failures_total\\{source="http://${name}:${first.port}"\\} [1-9]`));
  });
});

describe('discovery helpers', () => {
  it('follows plain HTTP host names only: not IP literals, not https (its certificate names the host)', () => {
    expect(isDiscoverable(new URL('http://llm-backend:8001'))).to.equal(true);
    expect(isDiscoverable(new URL('http://10.0.0.7:8001'))).to.equal(false);
    expect(isDiscoverable(new URL('http://[::1]:8001'))).to.equal(false);
    expect(isDiscoverable(new URL('https://api.example.test/v1'))).to.equal(false);
  });

  it('puts an address in place of the host name, keeping port, path and credentials', () => {
    const url = new URL('http://user:pw@llm-backend:8001/v1');
    expect(addressUrl(url, '10.1.2.3')).to.equal('http://user:pw@10.1.2.3:8001/v1');
    expect(addressUrl(url, 'fd00::7')).to.equal('http://user:pw@[fd00::7]:8001/v1');
  });

  it('resolves with the system resolver, /etc/hosts included', async () => {
    expect(await resolveWithSystem('localhost')).to.include.oneOf(['127.0.0.1', '::1']);
  });
});
