/**
 * The streaming scale scenario of `npm run bench:gateway`: N concurrent
 * streaming requests held open at once, to a mock with a realistic
 * inter-token latency, directly, through the gateway and through nginx (SSE
 * configuration, where installed) and through the bare node:http proxy (the
 * floor Node sets), in interleaved rounds (the order rotating,
 * each proxy started fresh every round). Reports per target the median over
 * rounds (and their range) of the proxy's RSS growth per open stream (peak
 * during the run minus idle), its CPU per relayed token, the client-seen
 * inter-token latency p50/p99 and the added latency (through the proxy minus
 * direct, taken inside each round), and every error of every round; then the
 * gateway minus the bare proxy, taken inside each round.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import {
  backendReadyLine, cpuMicros, startBareProxy, startChildServer, startImageGateway, stopChildServers, type ChildServer,
} from './child-server.js';
import { startNginx } from './nginx-proxy.js';
import { formatNumber, pairedDifference, percentile, spreadOf } from './round-figures.js';
import { UsageError } from '../src/config/index.js';

const itlMs = 50;
const tokens = 64;
/** New streams opened per batch, one batch per `rampStepMs`: a ramp, so the listen backlog never overflows. */
const rampBatch = 100;
const rampStepMs = 25;
const body = JSON.stringify({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Stream at scale' }], max_tokens: tokens, stream: true });

/** The `--scale` counts; `none` skips the scenario. */
export function stringListOfCounts(values: readonly string[]): number[] {
  if (values.length === 1 && values[0] === 'none') return [];
  return values.map((value) => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new UsageError(`--scale: ${value} is not a stream count from 1 to 10000 (or none)`);
    return count;
  });
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? Number.NaN);
}

interface StreamRun {
  readonly gaps: number[];
  readonly events: number;
  /** How many streams failed, by what went wrong. */
  readonly errors: ReadonlyMap<string, number>;
  readonly peakRssKb: number;
  readonly idleRssKb: number;
  readonly cpuUs: number;
}

/** One stream: resolves its inter-chunk gaps in ms and how many events it got; rejects on any failure or a missing [DONE]. */
function openStream(agent: Agent, base: URL, gaps: number[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      agent,
      hostname: base.hostname,
      port: base.port,
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode}`));
        return;
      }
      let last = 0;
      let events = 0;
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        const now = performance.now();
        // Events that arrive together reach the client together: all but the first of them after no gap.
        const arrived = text.split('data: ').length - 1;
        if (last !== 0) gaps.push(now - last);
        for (let extra = 1; extra < arrived; extra++) gaps.push(0);
        last = now;
        events += arrived;
        tail = (tail + text).slice(-32);
      });
      res.on('end', () => (tail.includes('[DONE]') ? resolve(events) : reject(new Error('no [DONE]'))));
      res.on('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

async function runStreams(url: string, count: number, proxyPid: number | undefined): Promise<StreamRun> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const base = new URL(url);
  const gaps: number[] = [];
  const idleRssKb = proxyPid === undefined ? Number.NaN : rssKb(proxyPid);
  const cpuBefore = proxyPid === undefined ? 0 : cpuMicros(proxyPid);
  let peakRssKb = idleRssKb;
  const sampler = proxyPid === undefined ? undefined : setInterval(() => {
    peakRssKb = Math.max(peakRssKb, rssKb(proxyPid));
  }, 100);
  const streams: Array<Promise<number>> = [];
  for (let opened = 0; opened < count; opened += rampBatch) {
    for (let index = opened; index < Math.min(count, opened + rampBatch); index++) streams.push(openStream(agent, base, gaps));
    await new Promise((resolve) => setTimeout(resolve, rampStepMs));
  }
  const ends = await Promise.allSettled(streams);
  clearInterval(sampler);
  agent.destroy();
  const events = ends.reduce((sum, end) => sum + (end.status === 'fulfilled' ? end.value : 0), 0);
  const errors = new Map<string, number>();
  for (const end of ends) {
    if (end.status === 'fulfilled') continue;
    const kind = (end.reason as NodeJS.ErrnoException).code ?? (end.reason as Error).message;
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
  }
  return { gaps, events, errors, peakRssKb, idleRssKb, cpuUs: proxyPid === undefined ? 0 : cpuMicros(proxyPid) - cpuBefore };
}

function formatErrors(runs: readonly StreamRun[]): string {
  const errors = new Map<string, number>();
  for (const run of runs) for (const [kind, count] of run.errors) errors.set(kind, (errors.get(kind) ?? 0) + count);
  if (errors.size === 0) return '0';
  return [...errors].map(([kind, count]) => `${count} (${kind})`).join(', ');
}

const ms = (values: readonly number[]): string => formatNumber(spreadOf(values), 2);

/** Per round, what a table row shows of one proxy. */
interface ProxyFigures {
  readonly rssKb: number[];
  readonly cpuUs: number[];
  readonly p50: number[];
  readonly p99: number[];
}

function figuresOf(count: number, runs: readonly StreamRun[]): ProxyFigures {
  return {
    rssKb: runs.map((run) => (run.peakRssKb - run.idleRssKb) / count),
    cpuUs: runs.map((run) => run.cpuUs / run.events),
    p50: runs.map((run) => percentile(run.gaps, 0.5)),
    p99: runs.map((run) => percentile(run.gaps, 0.99)),
  };
}

/**
 * One row per target: medians over rounds with their range; the added latencies are taken inside each round, and so is
 * the last row, the gateway minus the bare proxy.
 */
function formatRows(count: number, direct: readonly StreamRun[], proxies: ReadonlyMap<string, StreamRun[]>): string[] {
  const directP50 = direct.map((run) => percentile(run.gaps, 0.5));
  const directP99 = direct.map((run) => percentile(run.gaps, 0.99));
  const rows = [`| ${count} | direct | — | — | ${ms(directP50)} / ${ms(directP99)} | — | ${formatErrors(direct)} |`];
  const figures = new Map<string, ProxyFigures>();
  for (const [name, runs] of proxies) {
    const own = figuresOf(count, runs);
    figures.set(name, own);
    const added = `${ms(pairedDifference(own.p50, directP50))} / ${ms(pairedDifference(own.p99, directP99))}`;
    rows.push(`| ${count} | ${name} | ${formatNumber(spreadOf(own.rssKb), 1, ' KB')} | ${formatNumber(spreadOf(own.cpuUs), 1, ' µs')} | `
      + `${ms(own.p50)} / ${ms(own.p99)} | ${added} | ${formatErrors(runs)} |`);
  }
  const gateway = figures.get('gateway')!;
  const bare = figures.get('bare')!;
  rows.push(`| ${count} | gateway − bare proxy | ${formatNumber(spreadOf(pairedDifference(gateway.rssKb, bare.rssKb)), 1, ' KB')} | `
    + `${formatNumber(spreadOf(pairedDifference(gateway.cpuUs, bare.cpuUs)), 1, ' µs')} | — | `
    + `${ms(pairedDifference(gateway.p50, bare.p50))} / ${ms(pairedDifference(gateway.p99, bare.p99))} | — |`);
  return rows;
}

/** Warms `proxy` up, runs `count` streams through it, and stops it whatever happened. */
async function measureFresh(proxy: ChildServer, count: number): Promise<StreamRun> {
  try {
    await runStreams(proxy.url, 50, proxy.child.pid);
    return await runStreams(proxy.url, count, proxy.child.pid);
  } finally {
    await stopChildServers([proxy]);
  }
}

type Target = 'direct' | 'bare' | 'gateway' | 'nginx';

export interface StreamScaleOptions {
  readonly nginx: string | undefined;
  /** Interleaved rounds per count. */
  readonly rounds: number;
}

/** Runs the scenario for each count; returns its Markdown table. */
export async function runStreamScale(counts: readonly number[], options: StreamScaleOptions): Promise<string> {
  const servers: ChildServer[] = [];
  const lines = [
    `\nStreaming scale: ${tokens} tokens per stream, ${itlMs} ms between tokens at the mock, streams opened ${rampBatch} every ${rampStepMs} ms; `
      + `medians over ${options.rounds} interleaved rounds (range of the rounds in brackets).\n`,
    '| streams | target | RSS per open stream | CPU per relayed token | ITL p50 / p99 (ms) | added ITL p50 / p99 (ms) | errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  try {
    const backend = await startChildServer('lib/backend/cli.js', {
      MOCK_TTFT_MS: '100', MOCK_ITL_MS: String(itlMs), MOCK_MIN_OUTPUT_TOKENS: String(tokens), MOCK_MAX_OUTPUT_TOKENS: String(tokens),
    }, backendReadyLine);
    servers.push(backend);
    const targets: Target[] = options.nginx === undefined ? ['direct', 'bare', 'gateway'] : ['direct', 'bare', 'gateway', 'nginx'];
    for (const count of counts) {
      const runs = new Map<Target, StreamRun[]>(targets.map((target) => [target, []]));
      for (let round = 0; round < options.rounds; round++) {
        for (const target of targets.map((_, index) => targets[(index + round) % targets.length]!)) {
          runs.get(target)!.push(await measureTarget(target, backend.url, count, options.nginx));
        }
      }
      const { direct, ...proxies } = Object.fromEntries(runs) as Record<Target, StreamRun[]>;
      lines.push(...formatRows(count, direct, new Map(Object.entries(proxies))));
      process.stderr.write(`scale ${count} done (load average ${loadavg().map((value) => value.toFixed(2)).join(' ')})\n`);
    }
  } finally {
    await stopChildServers(servers);
  }
  return `${lines.join('\n')}\nLoad average (1, 5, 15 min) after: ${loadavg().map((value) => value.toFixed(2)).join(' ')}.\n`;
}

/** One run of `count` streams on `target`; each proxy is started fresh, so its idle RSS is not what an earlier run left behind. */
async function measureTarget(target: Target, backendUrl: string, count: number, nginxBinary: string | undefined): Promise<StreamRun> {
  if (target === 'direct') return runStreams(backendUrl, count, undefined);
  if (target === 'gateway') return measureFresh(await startImageGateway(backendUrl), count);
  if (target === 'bare') return measureFresh(await startBareProxy(backendUrl), count);
  const nginx = await startNginx(nginxBinary!, backendUrl);
  return measureFresh(nginx, count).finally(nginx.cleanUp);
}
