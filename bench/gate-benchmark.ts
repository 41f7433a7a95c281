/**
 * `npm run bench:gate` (a script, not a test; loopback only, about 25 minutes).
 *
 * Judges the gate by measured rates on real runs of real builds. For each
 * scenario it starts the compiled gateway (a snapshot of lib/) in front of the
 * compiled mock, as processes, as the nightly does with containers, plus a
 * second gateway with a known injected change that does not edit the gateway:
 * - overhead: a `node --import` preload that burns 100 µs of CPU per request;
 * - llm: the same gateway in front of mocks whose time to first token is 30% longer.
 * Each round runs llm-bench three times, A1, then A2 and B in alternating
 * order: compare(A1, A2) is an A/A pair (a FAIL is a false alarm),
 * compare(A1, B) a detection. Odd rounds run with another process keeping one
 * core busy. Both the statistical rule and --rule threshold judge every pair.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backendReadyLine, gatewayReadyLine, startChildServer, stopChildServers, type ChildServer } from './child-server.js';
import { judgeResults } from '../src/bench/compare/compare-command.js';
import { compareSchema } from '../src/bench/compare/compare-options.js';
import type { BenchResult } from '../src/bench/result/result-schema.js';
import { applyScenario, runBenchmark } from '../src/bench/run/run-command.js';
import { runSchema } from '../src/bench/run/run-options.js';
import { scenarios, type ScenarioName } from '../src/bench/scenario/scenarios.js';
import { integerOption, parseConfig, runCli } from '../src/config/index.js';

const schema = {
  rounds: integerOption({ flag: 'rounds', description: 'Rounds per scenario (each: one A/A pair and one detection pair)', default: 40, min: 2, max: 1000 }),
  overheadRequests: integerOption({ flag: 'overhead-requests', description: 'Requests per overhead run', default: 4000, min: 100 }),
  llmRequests: integerOption({ flag: 'llm-requests', description: 'Requests per llm run', default: 160, min: 32 }),
  burnUs: integerOption({ flag: 'burn-us', description: 'CPU the injected gateway burns per request, in µs', default: 100, min: 0 }),
  ttftFactorPct: integerOption({ flag: 'ttft-pct', description: 'Injected time-to-first-token change, in percent', default: 30, min: 0 }),
};

type GateOptions = ReturnType<typeof parseConfig<typeof schema>>;

const root = new URL('../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'bench-gate-'));
const quietIo = { env: {}, out: () => undefined, err: () => undefined, errIsTTY: false };

/** Busy-waits `BURN_US` of CPU in the 'request' event of every HTTP server of the process, before the server sees it. */
const burnPreload = `
import http from 'node:http';
const burnNs = BigInt(Number(process.env.BURN_US) * 1000);
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const end = process.hrtime.bigint() + burnNs;
    while (process.hrtime.bigint() < end);
  }
  return emit.call(this, event, ...args);
};
`;

interface Target {
  readonly gateway: ChildServer;
  readonly backends: ChildServer[];
}

interface Rig {
  readonly name: ScenarioName;
  readonly requests: number;
  readonly same: Target;
  readonly changed: Target;
}

function scaled(env: Readonly<Record<string, string>>, keys: readonly string[], factor: number): Record<string, string> {
  const scale = (key: string, value: string) => (keys.includes(key) ? String(Math.round(Number(value) * factor)) : value);
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, scale(key, value)]));
}

async function startTarget(
  lib: string, backendEnv: Record<string, string>, count: number, nodeArgs: string[], extraEnv: Record<string, string>,
): Promise<Target> {
  const backends: ChildServer[] = [];
  for (let index = 0; index < count; index++) {
    backends.push(await startChildServer(join(lib, 'backend/cli.js'), backendEnv, backendReadyLine, { cwd: root }));
  }
  const gateway = await startChildServer(
    join(lib, 'gateway/cli.js'),
    { BACKEND_URLS: backends.map((backend) => backend.url).join(','), ...extraEnv },
    gatewayReadyLine,
    { cwd: root, nodeArgs },
  );
  return { gateway, backends };
}

async function startRig(name: ScenarioName, lib: string, options: GateOptions): Promise<Rig> {
  const { backend } = scenarios[name];
  const same = await startTarget(lib, backend.env, backend.count, [], {});
  const changed = name === 'overhead'
    ? await startTarget(lib, backend.env, backend.count, ['--import', join(lib, 'burn-cpu.mjs')], { BURN_US: String(options.burnUs) })
    : await startTarget(lib, scaled(backend.env, ['MOCK_TTFT_MS', 'MOCK_TTFT_JITTER_MS'], 1 + options.ttftFactorPct / 100), backend.count, [], {});
  return { name, requests: name === 'overhead' ? options.overheadRequests : options.llmRequests, same, changed };
}

async function measure(rig: Rig, target: Target, label: string): Promise<BenchResult> {
  const config = applyScenario(parseConfig(runSchema, { argv: ['--scenario', rig.name, '--url', target.gateway.url, '-o', join(scratch, `${label}.json`)], env: {} }));
  return runBenchmark({ ...config, numRequests: rig.requests, warmup: Math.min(config.warmup, Math.ceil(rig.requests / 10)) }, quietIo);
}

interface PairOutcome {
  readonly round: number;
  readonly busy: boolean;
  readonly kind: 'aa' | 'change';
  readonly statistical: string;
  readonly threshold: string;
  readonly failing: string[];
}

const rules = ['statistical', 'threshold'] as const;

function judge(baseline: BenchResult, current: BenchResult): Record<typeof rules[number], { status: string; failing: string[] }> {
  const verdictOf = (rule: typeof rules[number]) => {
    const config = parseConfig(compareSchema, { argv: ['--rule', rule, '--current', 'current', '--baseline', 'baseline'], env: {} });
    const verdict = judgeResults(config, baseline, current);
    return { status: verdict.status, failing: verdict.failing_metrics };
  };
  return { statistical: verdictOf('statistical'), threshold: verdictOf('threshold') };
}

function startCoreBurner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

async function runRound(rig: Rig, round: number, outcomes: PairOutcome[]): Promise<void> {
  const busy = round % 2 === 1;
  const burner = busy ? startCoreBurner() : undefined;
  try {
    const a1 = await measure(rig, rig.same, 'a1');
    const order = round % 4 < 2 ? ['aa', 'change'] as const : ['change', 'aa'] as const;
    for (const kind of order) {
      const current = await measure(rig, kind === 'aa' ? rig.same : rig.changed, kind);
      const verdicts = judge(a1, current);
      const { statistical, threshold } = verdicts;
      outcomes.push({ round, busy, kind, statistical: statistical.status, threshold: threshold.status, failing: statistical.failing });
    }
  } finally {
    burner?.kill('SIGKILL');
  }
}

function rate(outcomes: readonly PairOutcome[], rule: typeof rules[number]): string {
  const fails = outcomes.filter((outcome) => outcome[rule] === 'fail').length;
  return `${fails}/${outcomes.length} (${(100 * fails / Math.max(outcomes.length, 1)).toFixed(1)}%)`;
}

function formatTable(results: Record<string, PairOutcome[]>, options: GateOptions): string {
  const lines = [
    '| scenario | injected change | machine | A/A false alarms, statistical | A/A false alarms, threshold | detected, statistical | detected, threshold |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, outcomes] of Object.entries(results)) {
    const change = name === 'overhead' ? `gateway burns +${options.burnUs} µs CPU/request` : `mock TTFT +${options.ttftFactorPct}%`;
    for (const [machine, busy] of [['quiet', false], ['one core busy', true], ['all', undefined]] as const) {
      const of = (kind: PairOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind && (busy === undefined || outcome.busy === busy));
      lines.push(`| ${name} | ${change} | ${machine} | ${rate(of('aa'), 'statistical')} | ${rate(of('aa'), 'threshold')} | ${rate(of('change'), 'statistical')} | ${rate(of('change'), 'threshold')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function countFailingMetrics(outcomes: readonly PairOutcome[]): string {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) for (const metric of outcome.failing) counts[metric] = (counts[metric] ?? 0) + 1;
  return Object.entries(counts).map(([metric, count]) => `${metric} ${count}`).join(', ') || 'none';
}

await runCli('bench:gate', async () => {
  const options = parseConfig(schema, { argv: process.argv.slice(2), env: {} });
  // A snapshot of the compiled build, so rebuilding lib/ during the measurement cannot change what is measured.
  // Under node_modules/ so the snapshot still resolves the project's packages.
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const lib = mkdtempSync(join(root, 'node_modules/.cache/bench-gate-'));
  cpSync(join(root, 'lib'), lib, { recursive: true });
  writeFileSync(join(lib, 'burn-cpu.mjs'), burnPreload);
  const started = performance.now();
  const loadBefore = loadavg();
  const rigs: Rig[] = [];
  const results: Record<string, PairOutcome[]> = {};
  try {
    for (const name of Object.keys(scenarios) as ScenarioName[]) rigs.push(await startRig(name, lib, options));
    for (const rig of rigs) {
      results[rig.name] = [];
      // Warm both gateways and all mocks (JIT, sockets) before the first counted run.
      await measure(rig, rig.same, 'warm-same');
      await measure(rig, rig.changed, 'warm-changed');
    }
    for (let round = 0; round < options.rounds; round++) {
      for (const rig of rigs) await runRound(rig, round, results[rig.name]!);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      process.stderr.write(`round ${round + 1}/${options.rounds} done after ${seconds} s, load average ${loadavg()[0]!.toFixed(2)}\n`);
    }
  } finally {
    for (const rig of rigs) {
      await stopChildServers([rig.same.gateway, rig.changed.gateway, ...rig.same.backends, ...rig.changed.backends]);
    }
    rmSync(scratch, { recursive: true, force: true });
    rmSync(lib, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  process.stdout.write(formatTable(results, options));
  for (const [name, outcomes] of Object.entries(results)) {
    process.stdout.write(`\n${name}: metrics that failed (statistical rule): A/A ${countFailingMetrics(outcomes.filter((outcome) => outcome.kind === 'aa'))};`
      + ` injected ${countFailingMetrics(outcomes.filter((outcome) => outcome.kind === 'change'))}`);
  }
  process.stdout.write(`\n\n${options.rounds} rounds per scenario (${options.overheadRequests} requests per overhead run, ${options.llmRequests} per llm run);`
    + ` ${((performance.now() - started) / 60_000).toFixed(1)} min; load average (1/5/15 min) before ${loadBefore.map((value) => value.toFixed(2)).join('/')},`
    + ` after ${loadAfter.map((value) => value.toFixed(2)).join('/')} on ${Math.max(1, (await import('node:os')).cpus().length)} cores.\n`);
  return 0;
});
