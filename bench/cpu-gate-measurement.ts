/**
 * One-off measurement of the overhead scenario's gated metric, target CPU per request (loopback only):
 * `npx tsx bench/cpu-gate-measurement.ts [--rounds 20] [--requests 10000]` after `npm run compile`.
 *
 * Like bench:gate, it starts a snapshot of the compiled gateway in front of two compiled zero-latency mocks (the
 * overhead scenario's backends), plus a second such gateway with a `node --import` preload that burns 100 µs of CPU
 * per request, and, every fifth round, a third with prom-client's collectDefaultMetrics preloaded (what the defaults
 * would cost). Each round runs `node lib/bench/cli.js run` as separate processes: A1, then A2 and B in alternating
 * order; compare(A1, A2) is an A/A pair, compare(A1, B) a detection. Every pair is judged metric by metric with
 * every metric gated (the p50 limit of the former overhead scenario, 20 %), by the statistical rule and by
 * --rule threshold, so the new metric and the old ones are judged on the same runs.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backendReadyLine, gatewayReadyLine, startChildServer, stopChildServers, type ChildServer } from './child-server.js';
import { compareMetrics, defaultCompareRules, type CompareRules } from '../src/bench/compare/compare-rules.js';
import type { MetricName } from '../src/bench/compare/metric-names.js';
import type { BenchResult } from '../src/bench/result/result-schema.js';
import { scrapeProcessCpu } from '../src/bench/run/process-cpu-scrape.js';
import { scenarios } from '../src/bench/scenario/scenarios.js';
import { integerOption, parseConfig, runCli, stringOption } from '../src/config/index.js';

const schema = {
  rounds: integerOption({ flag: 'rounds', description: 'Rounds (one A/A pair and one detection pair each)', default: 20, min: 1 }),
  log: stringOption({ flag: 'log', description: 'Also append each round\'s judgements to this JSON-lines file as it ends', default: undefined }),
  requests: integerOption({ flag: 'requests', description: 'Requests per run', default: 10_000, min: 100 }),
};

const root = new URL('../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'cpu-gate-'));
const run = promisify(execFile);

const burnPreload = `
import http from 'node:http';
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const end = process.hrtime.bigint() + 100_000n;
    while (process.hrtime.bigint() < end);
  }
  return emit.call(this, event, ...args);
};
`;
const defaultsPreload = "import client from 'prom-client';\nclient.collectDefaultMetrics();\n";

interface Target {
  readonly gateway: ChildServer;
  readonly backends: ChildServer[];
}

async function startTarget(lib: string, nodeArgs: string[]): Promise<Target> {
  const { backend } = scenarios.overhead;
  const backends: ChildServer[] = [];
  for (let index = 0; index < backend.count; index++) {
    backends.push(await startChildServer(join(lib, 'backend/cli.js'), backend.env, backendReadyLine, { cwd: root }));
  }
  const gatewayEnv = { BACKEND_URLS: backends.map((server) => server.url).join(',') };
  return { gateway: await startChildServer(join(lib, 'gateway/cli.js'), gatewayEnv, gatewayReadyLine, { cwd: root, nodeArgs }), backends };
}

/** The mocks' CPU seconds so far: a reference workload that shares the machine with the gateway. */
async function backendsCpu(target: Target): Promise<number> {
  const scrapes = await Promise.all(target.backends.map((backend) => scrapeProcessCpu(`${backend.url}/metrics`, 5000)));
  return scrapes.reduce((sum, scrape) => sum + ('cpuSeconds' in scrape ? scrape.cpuSeconds : NaN), 0);
}

/** A run's result, with the mocks' CPU per request over the run (warm-up included) beside it. */
type Measured = BenchResult & { mockCpuUs: number };

/** One `llm-bench run` as its own process, with the overhead scenario's load at `requests` requests. */
async function measure(lib: string, target: Target, requests: number, label: string): Promise<Measured> {
  const { load } = scenarios.overhead;
  const output = join(scratch, `${label}.json`);
  const mockBefore = await backendsCpu(target);
  const warmup = Math.ceil(requests / 10);
  await run(process.execPath, [
    join(lib, 'bench/cli.js'), 'run', '--url', target.gateway.url, '--api', load.api, '-c', String(load.concurrency),
    '-n', String(requests), '--warmup', String(warmup), '--prompts', join(root, 'bench/prompts.jsonl'), '-o', output,
  ], { cwd: root });
  const mockCpuUs = ((await backendsCpu(target)) - mockBefore) * 1e6 / (requests + warmup);
  return { ...JSON.parse(readFileSync(output, 'utf8')) as BenchResult, mockCpuUs };
}

const judged: MetricName[] = ['target_cpu_per_request', 'p95_latency', 'p50_latency', 'gateway_overhead_p95', 'error_rate'];
const allGated: CompareRules = { ...defaultCompareRules, failP50: 0.2, reportedOnly: new Set() };

type Pair = Record<'statistical' | 'threshold', Partial<Record<MetricName, string>>> & { cpuChange: number | null; normalizedChange: number };

/** Judged after all runs, so the bootstraps (seconds each on 10,000 samples) never share the CPU with a measured run. */
function judge([baseline, current]: readonly [Measured, Measured]): Pair {
  const rows = (rule: CompareRules['rule']) => compareMetrics(baseline, current, { ...allGated, rule }).filter((row) => judged.includes(row.metric));
  const statistical = rows('statistical');
  const verdicts = (metrics: typeof statistical) => Object.fromEntries(metrics.map((row) => [row.metric, row.verdict]));
  const cpu = statistical.find((row) => row.metric === 'target_cpu_per_request');
  const normalized = (result: Measured) => (result.target_cpu?.cpu_us_per_request ?? NaN) / result.mockCpuUs;
  return {
    statistical: verdicts(statistical),
    threshold: verdicts(rows('threshold')),
    cpuChange: cpu?.change ?? null,
    normalizedChange: normalized(current) / normalized(baseline) - 1,
  };
}

function failRate(pairs: readonly Pair[], rule: 'statistical' | 'threshold', metrics: readonly MetricName[]): string {
  const fails = pairs.filter((pair) => metrics.some((metric) => pair[rule][metric] === 'fail')).length;
  return `${fails}/${pairs.length}`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function formatReport(aa: readonly Pair[], change: readonly Pair[]): string {
  const rows: [string, MetricName[]][] = [
    ['target CPU per request (new gate)', ['target_cpu_per_request']],
    ['new overhead verdict (CPU + error rate)', ['target_cpu_per_request', 'error_rate']],
    ['p95 end-to-end', ['p95_latency']],
    ['p50 end-to-end (20 %)', ['p50_latency']],
    ['gateway overhead p95', ['gateway_overhead_p95']],
    ['old overhead verdict (p95, p50, gateway p95, errors)', ['p95_latency', 'p50_latency', 'gateway_overhead_p95', 'error_rate']],
  ];
  const changes = (pairs: readonly Pair[]) => pairs.flatMap((pair) => (pair.cpuChange === null ? [] : [pair.cpuChange * 100]));
  const spread = (values: number[]) => `median ${median(values).toFixed(1)} %, ${Math.min(...values).toFixed(1)} to ${Math.max(...values).toFixed(1)} %`;
  return [
    '| metric | A/A false alarms, statistical | A/A false alarms, threshold | +100 µs detected, statistical | +100 µs detected, threshold |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(([label, metrics]) => `| ${label} | ${failRate(aa, 'statistical', metrics)} | ${failRate(aa, 'threshold', metrics)}`
      + ` | ${failRate(change, 'statistical', metrics)} | ${failRate(change, 'threshold', metrics)} |`),
    '',
    `CPU per request change, A/A: ${spread(changes(aa))}; +100 µs: ${spread(changes(change))}`,
    "Gateway CPU per request / the mocks' CPU per request (same machine, same moment), change, A/A:"
      + ` ${spread(aa.map((pair) => pair.normalizedChange * 100))}; +100 µs: ${spread(change.map((pair) => pair.normalizedChange * 100))};`
      + ` past +20 %: A/A ${aa.filter((pair) => pair.normalizedChange > 0.2).length}/${aa.length},`
      + ` +100 µs ${change.filter((pair) => pair.normalizedChange > 0.2).length}/${change.length}`,
    '',
  ].join('\n');
}

await runCli('cpu-gate-measurement', async () => {
  const options = parseConfig(schema, { argv: process.argv.slice(2), env: {} });
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const lib = mkdtempSync(join(root, 'node_modules/.cache/cpu-gate-'));
  cpSync(join(root, 'lib'), lib, { recursive: true });
  writeFileSync(join(lib, 'burn-cpu.mjs'), burnPreload);
  writeFileSync(join(lib, 'default-metrics.mjs'), defaultsPreload);
  const targets: Target[] = [];
  const aaRuns: [Measured, Measured][] = [];
  const changeRuns: [Measured, Measured][] = [];
  const defaultsCost: number[] = [];
  const cpuOf = (result: BenchResult) => result.target_cpu?.cpu_us_per_request ?? NaN;
  process.stderr.write(`load average before: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
  try {
    const same = await startTarget(lib, []);
    const burning = await startTarget(lib, ['--import', join(lib, 'burn-cpu.mjs')]);
    const defaults = await startTarget(lib, ['--import', join(lib, 'default-metrics.mjs')]);
    targets.push(same, burning, defaults);
    for (const target of targets) await measure(lib, target, Math.ceil(options.requests / 5), 'warm');
    for (let round = 0; round < options.rounds; round++) {
      const a1 = await measure(lib, same, options.requests, `a1-${round}`);
      const order = round % 2 === 0 ? ['aa', 'change'] as const : ['change', 'aa'] as const;
      for (const kind of order) {
        const current = await measure(lib, kind === 'aa' ? same : burning, options.requests, `${kind}-${round}`);
        (kind === 'aa' ? aaRuns : changeRuns).push([a1, current]);
      }
      if (round % 5 === 0) defaultsCost.push(cpuOf(await measure(lib, defaults, options.requests, `defaults-${round}`)) / cpuOf(a1) - 1);
      const a2 = aaRuns[aaRuns.length - 1]![1];
      const b = changeRuns[changeRuns.length - 1]![1];
      const runs = [a1, a2, b];
      const line = {
        round,
        a1: cpuOf(a1),
        a2: cpuOf(a2),
        b: cpuOf(b),
        mock: runs.map((result) => result.mockCpuUs),
        rps: runs.map((result) => result.throughput_rps),
        load: loadavg()[0],
      };
      if (options.log !== undefined) appendFileSync(options.log, `${JSON.stringify(line)}\n`);
      process.stderr.write(`round ${round + 1}/${options.rounds}: CPU µs/request A1 ${line.a1.toFixed(1)}, A2 ${line.a2.toFixed(1)}, B ${line.b.toFixed(1)};`
        + ` ${a1.throughput_rps.toFixed(0)} req/s; load average ${loadavg()[0]!.toFixed(2)}\n`);
    }
  } finally {
    for (const target of targets) await stopChildServers([target.gateway, ...target.backends]);
    rmSync(scratch, { recursive: true, force: true });
    rmSync(lib, { recursive: true, force: true });
  }
  process.stderr.write(`load average after the runs: ${loadavg().map((value) => value.toFixed(2)).join(' ')}; judging\n`);
  const cost = defaultsCost.map((value) => value * 100);
  process.stdout.write(`${formatReport(aaRuns.map(judge), changeRuns.map(judge))}collectDefaultMetrics preloaded, CPU per request vs A1: `
    + `median ${median(cost).toFixed(1)} %, ${cost.map((value) => value.toFixed(1)).join(' ')} %\n`);
  return 0;
});
