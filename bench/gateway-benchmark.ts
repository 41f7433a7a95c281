/**
 * `npm run bench:gateway`: the mock backend called directly, through a bare
 * node:http proxy (the floor Node sets), through the gateway, and through
 * nginx where it is installed, side by side in interleaved rounds (the order
 * rotates each round) on loopback with keep-alive. Every server runs compiled
 * as a child process, so each one's CPU time can be read from /proc.
 * Sequential latency and streaming time to first byte use a node:http
 * keep-alive client timed with performance.now(); saturated throughput uses
 * autocannon. Each figure is taken per round; the table shows the median over
 * rounds and the rounds' range, and the gateway minus the bare proxy computed
 * inside each round. Then the streaming scale scenario (bench/stream-scale.ts).
 */
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import {
  backendReadyLine, cpuMicros, startBareProxy, startChildServer, startImageGateway, stopChildServers, type ChildServer,
} from './child-server.js';
import { findNginx, startNginx } from './nginx-proxy.js';
import {
  formatMicros, formatNumber, median, pairedDifference, pairedRatio, percentile, spreadOf,
} from './round-figures.js';
import { runStreamScale, stringListOfCounts } from './stream-scale.js';
import { integerOption, parseConfig, runCli, stringListOption } from '../src/config/index.js';

const schema = {
  rounds: integerOption({ flag: 'rounds', description: 'Interleaved rounds', default: 5, min: 1, max: 50 }),
  sequential: integerOption({ flag: 'sequential', description: 'Sequential requests per target per round', default: 1000, min: 10, max: 100_000 }),
  streams: integerOption({ flag: 'streams', description: 'Streaming requests per target per round', default: 300, min: 10, max: 100_000 }),
  seconds: integerOption({ flag: 'seconds', description: 'Saturated load duration per target per round', default: 3, min: 1, max: 60 }),
  connections: integerOption({ flag: 'connections', description: 'Concurrent connections under saturation', default: 32, min: 1, max: 1024 }),
  scale: stringListOption({
    flag: 'scale', description: 'Concurrent streams of the streaming scale scenario (none: skip it)', default: ['500', '2000'],
  }),
  scaleRounds: integerOption({
    flag: 'scale-rounds', description: 'Interleaved rounds of the streaming scale scenario per stream count', default: 5, min: 1, max: 50,
  }),
};

type BenchOptions = ReturnType<typeof parseConfig<typeof schema>>;

type TargetName = 'direct' | 'bare' | 'gateway' | 'nginx';

interface Target {
  readonly name: TargetName;
  readonly url: string;
  /** The process whose CPU time a request through this target costs. */
  readonly cpuPid: number;
}

interface RoundFigures {
  seqP50: number[];
  seqP99: number[];
  ttfbP50: number[];
  rps: number[];
  cpuPerRequest: number[];
}

const chat = JSON.stringify({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Benchmark the gateway please' }], max_tokens: 16 });
const streamChat = JSON.stringify({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Stream it' }], max_tokens: 16, stream: true });
const path = '/v1/chat/completions';

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

async function runRound(targets: readonly Target[], options: BenchOptions, figures: Map<TargetName, RoundFigures>, ownTime: number[]): Promise<void> {
  for (const target of targets) {
    const samples = await sequential(target.url, chat, options.sequential, 1);
    figures.get(target.name)!.seqP50.push(median(samples));
    figures.get(target.name)!.seqP99.push(percentile(samples, 0.99));
  }
  const gateway = targets.find((target) => target.name === 'gateway')!;
  ownTime.push(median(await sequential(gateway.url, chat, Math.ceil(options.sequential / 10), 2)));
  for (const target of targets) figures.get(target.name)!.ttfbP50.push(median(await sequential(target.url, streamChat, options.streams, 0)));
  for (const target of targets) {
    const before = cpuMicros(target.cpuPid);
    const rps = await saturate(target.url, options.seconds, options.connections);
    figures.get(target.name)!.rps.push(rps);
    figures.get(target.name)!.cpuPerRequest.push((cpuMicros(target.cpuPid) - before) / (rps * options.seconds));
  }
}

const columns: Array<[TargetName, string]> = [['direct', 'direct to mock'], ['bare', 'bare node:http proxy'], ['nginx', 'nginx'], ['gateway', 'our gateway']];

function formatTable(figures: Map<TargetName, RoundFigures>, ownTime: number[], options: BenchOptions): string {
  const direct = figures.get('direct')!;
  const bare = figures.get('bare')!;
  const gateway = figures.get('gateway')!;
  const shown = columns.filter(([name]) => figures.has(name));
  const added = (pick: (f: RoundFigures) => number[]) => (name: TargetName): string => name === 'direct'
    ? formatMicros(spreadOf(pick(direct)))
    : formatMicros(spreadOf(pairedDifference(pick(figures.get(name)!), pick(direct))), true);
  const versusBare = (pick: (f: RoundFigures) => number[]): string => formatMicros(spreadOf(pairedDifference(pick(gateway), pick(bare))), true);
  const rows: string[][] = [
    ['sequential p50 (direct) / added by the proxy', ...shown.map(([name]) => added((f) => f.seqP50)(name)), versusBare((f) => f.seqP50), '≤ +40 µs'],
    ['sequential p99 (direct) / added by the proxy', ...shown.map(([name]) => added((f) => f.seqP99)(name)), versusBare((f) => f.seqP99), ''],
    ['stream TTFB p50 (direct) / added by the proxy', ...shown.map(([name]) => added((f) => f.ttfbP50)(name)), versusBare((f) => f.ttfbP50), '≤ +40 µs'],
    [`saturated throughput, ${options.connections} connections (req/s)`, ...shown.map(([name]) => formatNumber(spreadOf(figures.get(name)!.rps), 0)),
      `${formatNumber(spreadOf(pairedRatio(gateway.rps, bare.rps)), 2)} of bare`, '≥ 0.85 of bare'],
    ['CPU per request, saturated (the mock for direct; the proxy process otherwise)',
      ...shown.map(([name]) => formatNumber(spreadOf(figures.get(name)!.cpuPerRequest), 0, ' µs')),
      `+${formatNumber(spreadOf(pairedDifference(gateway.cpuPerRequest, bare.cpuPerRequest)), 0, ' µs')}`, '≤ +40 µs'],
  ];
  const lines = [
    `| measure | ${shown.map(([, title]) => title).join(' | ')} | gateway − bare proxy | goal (#15) |`,
    `| --- | ${shown.map(() => '---').join(' | ')} | --- | --- |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n\nThe gateway's own time before the first byte (Server-Timing \`gateway\`, p50): ${formatMicros(spreadOf(ownTime))}.\n`
    + `Medians over ${options.rounds} interleaved rounds (range of the rounds in brackets); per target per round ${options.sequential} `
    + `sequential and ${options.streams} streaming requests and ${options.seconds} s of autocannon load.\n`;
}

function loadLine(): string {
  return loadavg().map((value) => value.toFixed(2)).join(' ');
}

await runCli('bench:gateway', async () => {
  const options = parseConfig(schema, { argv: process.argv.slice(2), env: {} });
  const scaleCounts = stringListOfCounts(options.scale);
  const servers: ChildServer[] = [];
  const nginxBinary = findNginx();
  let cleanUpNginx = (): void => {};
  try {
    const backend = await startChildServer('lib/backend/cli.js', { MOCK_TTFT_MS: '0', MOCK_ITL_MS: '0' }, backendReadyLine);
    servers.push(backend);
    const gateway = await startImageGateway(backend.url);
    servers.unshift(gateway);
    const bare = await startBareProxy(backend.url);
    servers.unshift(bare);
    const targets: Target[] = [
      { name: 'direct', url: backend.url, cpuPid: backend.child.pid! },
      { name: 'bare', url: bare.url, cpuPid: bare.child.pid! },
      { name: 'gateway', url: gateway.url, cpuPid: gateway.child.pid! },
    ];
    if (nginxBinary === undefined) {
      process.stderr.write('nginx is not installed: measuring without the outside reference\n');
    } else {
      const nginx = await startNginx(nginxBinary, backend.url);
      servers.unshift(nginx);
      cleanUpNginx = nginx.cleanUp;
      targets.push({ name: 'nginx', url: nginx.url, cpuPid: nginx.child.pid! });
    }
    const figures = new Map<TargetName, RoundFigures>(targets.map((target) => [
      target.name, { seqP50: [], seqP99: [], ttfbP50: [], rps: [], cpuPerRequest: [] },
    ]));
    const ownTime: number[] = [];
    const loadBefore = loadLine();
    // Warm every path up (JIT, sockets) before measuring anything.
    for (const target of targets) {
      await sequential(target.url, chat, 500, 1);
      await saturate(target.url, 1, options.connections);
    }
    for (let round = 0; round < options.rounds; round++) {
      const order = targets.map((_, index) => targets[(index + round) % targets.length]!);
      await runRound(order, options, figures, ownTime);
      process.stderr.write(`round ${round + 1}/${options.rounds} done (load average ${loadLine()})\n`);
    }
    process.stdout.write(formatTable(figures, ownTime, options));
    process.stdout.write(`Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadLine()}.\n`);
    if (scaleCounts.length > 0) process.stdout.write(await runStreamScale(scaleCounts, { nginx: nginxBinary, rounds: options.scaleRounds }));
  } finally {
    agent.destroy();
    await stopChildServers(servers);
    cleanUpNginx();
  }
});
