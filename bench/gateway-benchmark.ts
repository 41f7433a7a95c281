/**
 * `npm run bench:gateway`: the mock backend called directly vs through the
 * gateway, side by side and interleaved over several rounds, on loopback with
 * keep-alive. Both servers run compiled (lib/, built by the task first) as
 * child processes, so the gateway's own CPU time can be read from /proc. Sequential latency and streaming time to first
 * byte use a node:http keep-alive client timed with performance.now() (µs
 * resolution); saturated throughput uses autocannon. Prints a Markdown table.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { startServerProcess, stopServerProcess, type ServerProcess as Server } from './server-process.js';
import { integerOption, parseConfig, runCli } from '../src/config/index.js';

const schema = {
  rounds: integerOption({ flag: 'rounds', description: 'Interleaved rounds', default: 5, min: 1, max: 50 }),
  sequential: integerOption({ flag: 'sequential', description: 'Sequential requests per target per round', default: 1000, min: 10, max: 100_000 }),
  streams: integerOption({ flag: 'streams', description: 'Streaming requests per target per round', default: 300, min: 10, max: 100_000 }),
  seconds: integerOption({ flag: 'seconds', description: 'Saturated load duration per target per round', default: 3, min: 1, max: 60 }),
  connections: integerOption({ flag: 'connections', description: 'Concurrent connections under saturation', default: 32, min: 1, max: 1024 }),
};

type BenchOptions = ReturnType<typeof parseConfig<typeof schema>>;

const root = new URL('../', import.meta.url).pathname;
const chat = JSON.stringify({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Benchmark the gateway please' }], max_tokens: 16 });
const streamChat = JSON.stringify({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Stream it' }], max_tokens: 16, stream: true });
const path = '/v1/chat/completions';

/** User + system CPU time of a process so far, in µs (Linux /proc, clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

const serverTimingGateway = /gateway;dur=([\d.]+)/;

/** One POST on the kept-alive socket; resolves [time to first body byte, total, the gateway's Server-Timing share] in ms. */
function timedPost(base: URL, body: string): Promise<[number, number, number]> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const req = request({
      agent,
      hostname: base.hostname,
      port: base.port,
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let first = 0;
      const timing = serverTimingGateway.exec(String(res.headers['server-timing']));
      res.on('data', () => {
        if (first === 0) first = performance.now() - startedAt;
      });
      res.on('end', () => resolve([first, performance.now() - startedAt, timing === null ? Number.NaN : Number(timing[1])]));
    });
    req.once('error', reject);
    req.end(body);
  });
}

async function sequential(url: string, body: string, count: number, pick: 0 | 1 | 2): Promise<number[]> {
  const base = new URL(url);
  const samples: number[] = [];
  for (let index = 0; index < count; index++) samples.push((await timedPost(base, body))[pick]);
  return samples;
}

async function saturate(url: string, seconds: number, connections: number): Promise<number> {
  const result = await autocannon({
    url: `${url}${path}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: chat, connections, duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.total / seconds;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const median = (values: number[]): number => percentile(values, 0.5);
const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;

interface Totals {
  seq: { direct: number[]; gateway: number[] };
  ttfb: { direct: number[]; gateway: number[] };
  rps: { direct: number[]; gateway: number[] };
  /** The gateway's own share of the time to first byte, from its Server-Timing header. */
  ownTime: number[];
  cpuPerRequest: number[];
  backendCpuPerRequest: number[];
}

async function runRound(backend: Server, gateway: Server, options: BenchOptions, totals: Totals, flip: boolean): Promise<void> {
  const direct = backend.url;
  const targets: Array<['direct' | 'gateway', string]> = flip ? [['gateway', gateway.url], ['direct', direct]] : [['direct', direct], ['gateway', gateway.url]];
  for (const [name, url] of targets) totals.seq[name].push(...await sequential(url, chat, options.sequential, 1));
  totals.ownTime.push(...await sequential(gateway.url, chat, Math.ceil(options.sequential / 10), 2));
  for (const [name, url] of targets) totals.ttfb[name].push(...await sequential(url, streamChat, options.streams, 0));
  for (const [name, url] of targets) {
    const [gatewayBefore, backendBefore] = [cpuMicros(gateway.child.pid!), cpuMicros(backend.child.pid!)];
    const rps = await saturate(url, options.seconds, options.connections);
    totals.rps[name].push(rps);
    const requests = rps * options.seconds;
    if (name === 'gateway') totals.cpuPerRequest.push((cpuMicros(gateway.child.pid!) - gatewayBefore) / requests);
    else totals.backendCpuPerRequest.push((cpuMicros(backend.child.pid!) - backendBefore) / requests);
  }
}

function formatTable(totals: Totals, options: BenchOptions): string {
  const seqAdded50 = median(totals.seq.gateway) - median(totals.seq.direct);
  const seqAdded99 = percentile(totals.seq.gateway, 0.99) - percentile(totals.seq.direct, 0.99);
  const ttfbAdded = median(totals.ttfb.gateway) - median(totals.ttfb.direct);
  const ratios = totals.rps.gateway.map((rps, index) => rps / totals.rps.direct[index]!);
  const rows = [
    ['sequential p50 latency', us(median(totals.seq.direct)), us(median(totals.seq.gateway)), `+${us(seqAdded50)}`, '< 150 µs added'],
    ['sequential p99 latency', us(percentile(totals.seq.direct, 0.99)), us(percentile(totals.seq.gateway, 0.99)), `+${us(seqAdded99)}`, ''],
    ['gateway\'s own time before the first byte (Server-Timing `gateway`, p50)', '', us(median(totals.ownTime)), '', ''],
    ['streaming p50 time to first byte', us(median(totals.ttfb.direct)), us(median(totals.ttfb.gateway)), `+${us(ttfbAdded)}`, '< 300 µs added'],
    [`saturated throughput (${options.connections} connections)`, `${median(totals.rps.direct).toFixed(0)} req/s`,
      `${median(totals.rps.gateway).toFixed(0)} req/s`, `${(median(ratios) * 100).toFixed(0)}% of direct`, '>= 40% of direct'],
    ['CPU per request (gateway process; mock process for direct)', `${median(totals.backendCpuPerRequest).toFixed(0)} µs`,
      `${median(totals.cpuPerRequest).toFixed(0)} µs`, `${(median(totals.cpuPerRequest) / median(totals.backendCpuPerRequest)).toFixed(1)}x the mock's own`,
      '< 150 µs'],
  ];
  const lines = ['| measure | direct to mock | through gateway | gateway cost | goal |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return `${lines.join('\n')}\n\n${options.rounds} interleaved rounds; ${options.sequential} sequential and ${options.streams} streaming requests `
    + `per target per round; ${options.seconds} s of autocannon load per target per round; medians over rounds.\n`;
}

await runCli('bench:gateway', async () => {
  const options = parseConfig(schema, { argv: process.argv.slice(2), env: {} });
  const backend = await startServerProcess('lib/backend/cli.js', { MOCK_TTFT_MS: '0', MOCK_ITL_MS: '0' }, /on (http:\/\/\S+)/, { cwd: root });
  const gateway = await startServerProcess('lib/gateway/cli.js', { BACKEND_URLS: backend.url, LOG_LEVEL: 'info' }, /"url":"(http:\/\/[^"]+)"/, { cwd: root });
  try {
    const totals: Totals = {
      seq: { direct: [], gateway: [] },
      ttfb: { direct: [], gateway: [] },
      rps: { direct: [], gateway: [] },
      ownTime: [],
      cpuPerRequest: [],
      backendCpuPerRequest: [],
    };
    // Warm both paths up (JIT, sockets) before measuring anything.
    await sequential(backend.url, chat, 500, 1);
    await sequential(gateway.url, chat, 1000, 1);
    await saturate(gateway.url, 1, options.connections);
    for (let round = 0; round < options.rounds; round++) {
      await runRound(backend, gateway, options, totals, round % 2 === 1);
      process.stderr.write(`round ${round + 1}/${options.rounds} done\n`);
    }
    process.stdout.write(formatTable(totals, options));
  } finally {
    agent.destroy();
    for (const server of [gateway, backend]) await stopServerProcess(server);
  }
});
