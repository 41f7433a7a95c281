import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend } from '../../../src/backend/index.js';
import { readProcessCpuSeconds, scrapeProcessCpu } from '../../../src/bench/run/process-cpu-scrape.js';

describe('readProcessCpuSeconds', () => {
  it('reads the first sample, with or without labels and a timestamp', () => {
    const help = '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n# TYPE process_cpu_seconds_total counter\n';
    expect(readProcessCpuSeconds(`${help}process_cpu_seconds_total 12.5\n`)).to.equal(12.5);
    expect(readProcessCpuSeconds('process_cpu_seconds_total{pod="a b"} 3.25 1700000000000\n')).to.equal(3.25);
    expect(readProcessCpuSeconds('process_cpu_seconds_total_other 1\nprocess_cpu_seconds_total 2\n')).to.equal(2);
  });

  it('gives nothing for a page without the counter or with a value that is not a CPU time', () => {
    for (const text of ['', '<html>Not found</html>', 'process_cpu_user_seconds_total 1\n', 'process_cpu_seconds_total NaN\n', 'process_cpu_seconds_total -1\n']) {
      expect(readProcessCpuSeconds(text), text).to.equal(undefined);
    }
  });
});

describe('scrapeProcessCpu', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let page: Server;
  let pageUrl: string;
  before(async () => {
    backend = await startBackend({ ttftMs: 0, itlMs: 0 });
    page = createServer((request, response) => {
      response.statusCode = request.url === '/metrics' ? 200 : 404;
      response.end(request.url === '/metrics' ? '<html>a web page</html>' : 'no');
    }).listen(0, '127.0.0.1');
    await once(page, 'listening');
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  });
  after(async () => {
    await backend.close(0);
    page.close();
  });

  it("reads the real mock's CPU", async () => {
    const scrape = await scrapeProcessCpu(`${backend.url}/metrics`, 5000);
    expect(scrape).to.have.property('cpuSeconds').above(0);
  });

  it('says why there is no CPU figure instead of throwing', async () => {
    expect(await scrapeProcessCpu(`${pageUrl}/nope`, 5000)).to.deep.equal({ problem: 'HTTP 404' });
    expect(await scrapeProcessCpu(`${pageUrl}/metrics`, 5000)).to.deep.equal({ problem: 'no process_cpu_seconds_total series (not Prometheus text, or no such counter)' });
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/metrics`;
    closed.close();
    await once(closed, 'close');
    expect(await scrapeProcessCpu(refused, 5000)).to.deep.equal({ problem: 'ECONNREFUSED' });
  });
});
