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

/** One `llm-bench run` as its own process, with the overhead scenario's load at `requests` requests. */
async function measure(lib: string, target: Target, requests: number, label: string): Promise<BenchResult> {
  const { load } = scenarios.overhead;
  const output = join(scratch, `${label}.json`);
  await run(process.execPath, [
    join(lib, 'bench/cli.js'), 'run', '--url', target.gateway.url, '--api', load.api, '-c', String(load.concurrency),
    '-n', String(requests), '--warmup', String(Math.ceil(requests / 10)), '--prompts', join(root, 'bench/prompts.jsonl'), '-o', output,
  ], { cwd: root });
  return JSON.parse(readFileSync(output, 'utf8')) as BenchResult;
}

const judged: MetricName[] = ['target_cpu_per_request', 'p95_latency', 'p50_latency', 'gateway_overhead_p95', 'error_rate'];
const allGated: CompareRules = { ...defaultCompareRules, failP50: 0.2, reportedOnly: new Set() };

type Pair = Record<'statistical' | 'threshold', Partial<Record<MetricName, string>>> & { cpuChange: number | null };

function judge(baseline: BenchResult, current: BenchResult): Pair {
  const verdicts = (rule: CompareRules['rule']) => Object.fromEntries(compareMetrics(baseline, current, { ...allGated, rule })
    .filter((row) => judged.includes(row.metric)).map((row) => [row.metric, row.verdict]));
  const cpu = compareMetrics(baseline, current, allGated).find((row) => row.metric === 'target_cpu_per_request');
  return { statistical: verdicts('statistical'), threshold: verdicts('threshold'), cpuChange: cpu?.change ?? null };
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
  const aa: Pair[] = [];
  const change: Pair[] = [];
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
        (kind === 'aa' ? aa : change).push(judge(a1, current));
      }
      if (round % 5 === 0) defaultsCost.push(cpuOf(await measure(lib, defaults, options.requests, `defaults-${round}`)) / cpuOf(a1) - 1);
      const last = aa[aa.length - 1]!;
      if (options.log !== undefined) {
        appendFileSync(options.log, `${JSON.stringify({ round, aa: last, change: change[change.length - 1], a1: cpuOf(a1), rps: a1.throughput_rps, load: loadavg()[0] })}\n`);
      }
      process.stderr.write(`round ${round + 1}/${options.rounds}: A1 ${cpuOf(a1).toFixed(1)} µs/request, ${a1.throughput_rps.toFixed(0)} req/s;`
        + ` A/A CPU ${((last.cpuChange ?? NaN) * 100).toFixed(1)} %, +100 µs CPU ${((change[change.length - 1]!.cpuChange ?? NaN) * 100).toFixed(1)} %;`
        + ` load average ${loadavg()[0]!.toFixed(2)}\n`);
    }
  } finally {
    for (const target of targets) await stopChildServers([target.gateway, ...target.backends]);
    rmSync(scratch, { recursive: true, force: true });
    rmSync(lib, { recursive: true, force: true });
  }
  const cost = defaultsCost.map((value) => value * 100);
  process.stdout.write(`${formatReport(aa, change)}collectDefaultMetrics preloaded, CPU per request vs A1: `
    + `median ${median(cost).toFixed(1)} %, ${cost.map((value) => value.toFixed(1)).join(' ')} %\n`);
  process.stderr.write(`load average after: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
  return 0;
});
