/**
 * bench:gate's cross-run section: the gate as it was before A/B, compare of consecutive runs. Each round runs
 * llm-bench three times, A1, then A2 and B in alternating order: compare(A1, A2) is an A/A pair (a FAIL is a false
 * alarm), compare(A1, B) a detection. Odd rounds run with another process keeping one core busy. Both the
 * statistical rule and --rule threshold judge every pair.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { countFailingMetrics, describeChange, formatRate, startCoreBurner, type InjectedChange, type Rig, type Target } from './gate-rigs.js';
import { judgeResults, readResult } from '../../src/bench/compare/compare-command.js';
import { compareSchema } from '../../src/bench/compare/compare-options.js';
import type { BenchResult } from '../../src/bench/result/result-schema.js';
import type { ScenarioName } from '../../src/bench/scenario/scenarios.js';

const scenarioRun = new URL('scenario-run.ts', import.meta.url).pathname;
import { parseConfig } from '../../src/config/index.js';

export interface CrossSettings {
  readonly rounds: number;
  readonly overheadRequests: number;
  readonly llmRequests: number;
  /** Where the runs' result files go. */
  readonly scratch: string;
}

export interface PairOutcome {
  readonly busy: boolean;
  readonly kind: 'aa' | 'change';
  readonly statistical: string;
  readonly threshold: string;
  readonly failing: string[];
}

export const rules = ['statistical', 'threshold'] as const;
export type Rule = typeof rules[number];

/**
 * One `llm-bench run` in a process of its own, as the nightly runs it: the harness's own work between runs (judging,
 * its garbage) never lands inside a measured run. With the runs in the harness's own process, 37.5 % of the
 * overhead scenario's A/A pairs failed on a quiet machine, the later run of a pair being the slower one.
 */
async function measure(rig: Rig, target: Target, label: string, settings: CrossSettings): Promise<BenchResult> {
  const requests = rig.name === 'overhead' ? settings.overheadRequests : settings.llmRequests;
  const file = join(settings.scratch, `${label}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', scenarioRun, rig.name, target.gateway.url, file, String(requests)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => stderr += text);
  const [code] = await once(child, 'exit') as [number | null];
  if (code !== 0) throw new Error(`llm-bench run against ${target.gateway.url} exited with ${code}: ${stderr.trim()}`);
  return readResult(file);
}

/** compare's verdict on two results under each rule: its status and the metrics that failed. */
export function judgeCrossRun(baseline: BenchResult, current: BenchResult): Record<Rule, { status: string; failing: string[] }> {
  const verdictOf = (rule: Rule) => {
    const config = parseConfig(compareSchema, { argv: ['--rule', rule, '--current', 'current', '--baseline', 'baseline'], env: {} });
    const verdict = judgeResults(config, baseline, current);
    return { status: verdict.status, failing: verdict.failing_metrics };
  };
  return { statistical: verdictOf('statistical'), threshold: verdictOf('threshold') };
}

/** Warms both gateways and all mocks (JIT, sockets) before the first counted run. */
export async function warmCrossRig(rig: Rig, settings: CrossSettings): Promise<void> {
  await measure(rig, rig.same, 'warm-same', settings);
  await measure(rig, rig.changed, 'warm-changed', settings);
}

export async function runCrossRound(rig: Rig, round: number, settings: CrossSettings): Promise<PairOutcome[]> {
  const busy = round % 2 === 1;
  const burner = busy ? startCoreBurner() : undefined;
  const outcomes: PairOutcome[] = [];
  try {
    const a1 = await measure(rig, rig.same, 'a1', settings);
    const order = round % 4 < 2 ? ['aa', 'change'] as const : ['change', 'aa'] as const;
    const runs: Array<[PairOutcome['kind'], BenchResult]> = [];
    for (const kind of order) runs.push([kind, await measure(rig, kind === 'aa' ? rig.same : rig.changed, kind, settings)]);
    for (const [kind, current] of runs) {
      const { statistical, threshold } = judgeCrossRun(a1, current);
      outcomes.push({ busy, kind, statistical: statistical.status, threshold: threshold.status, failing: statistical.failing });
    }
  } finally {
    burner?.kill('SIGKILL');
  }
  return outcomes;
}

function rate(outcomes: readonly PairOutcome[], rule: Rule): string {
  return formatRate(outcomes.filter((outcome) => outcome[rule] === 'fail').length, outcomes.length);
}

export function formatCrossSection(
  results: ReadonlyMap<ScenarioName, readonly PairOutcome[]>, change: InjectedChange, settings: CrossSettings,
): string {
  const lines = [
    `Cross-run compare: ${settings.rounds} rounds per scenario (${settings.overheadRequests} requests per overhead run, ${settings.llmRequests} per llm run)`,
    '',
    '| scenario | injected change | machine | A/A false alarms, statistical | A/A false alarms, threshold | detected, statistical | detected, threshold |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, outcomes] of results) {
    for (const [machine, busy] of [['quiet', false], ['one core busy', true], ['all', undefined]] as const) {
      const of = (kind: PairOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind && (busy === undefined || outcome.busy === busy));
      lines.push(`| ${name} | ${describeChange(name, change)} | ${machine} | ${rate(of('aa'), 'statistical')} | ${rate(of('aa'), 'threshold')}`
        + ` | ${rate(of('change'), 'statistical')} | ${rate(of('change'), 'threshold')} |`);
    }
  }
  lines.push('');
  for (const [name, outcomes] of results) {
    const failing = (kind: PairOutcome['kind']) => countFailingMetrics(outcomes.filter((outcome) => outcome.kind === kind).map((outcome) => outcome.failing));
    lines.push(`${name}: metrics that failed (statistical rule): A/A ${failing('aa')}; injected ${failing('change')}`);
  }
  return `${lines.join('\n')}\n`;
}
