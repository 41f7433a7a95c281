import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startRig, type GatewayRig } from '../support/gateway-rig.js';

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

describe('process_cpu_seconds_total', () => {
  // The real gateway and the real mock in one process, as `npm start` runs them: two registries, one process.
  let rig: GatewayRig;
  before(async () => { rig = await startRig(); });
  after(() => rig.close());

  it('is exposed once, as a counter, on both /metrics pages, and reads the CPU the process has used', async () => {
    for (const url of [rig.gateway.url, rig.backends[0]!.url]) {
      // GIVEN the CPU this process has used so far
      const earlier = cpuSeconds();
      // WHEN
      const text = await (await fetch(`${url}/metrics`)).text();
      const later = cpuSeconds();
      // THEN one sample, between the two readings around the scrape
      const lines = text.split('\n').filter((line) => line.startsWith('process_cpu_seconds_total'));
      expect(lines, url).to.have.length(1);
      expect(text.split('\n').filter((line) => line === '# TYPE process_cpu_seconds_total counter'), url).to.have.length(1);
      expect(Number(lines[0]!.split(' ')[1])).to.be.within(earlier, later);
    }
  });
});
