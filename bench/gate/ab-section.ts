/**
 * bench:gate's A/B section: `llm-bench ab` (its own functions, as the CLI runs them) between two processes of the
 * same build (A/A: a FAIL is a false alarm) and between the build and the injected change (a FAIL is a detection),
 * while another process keeps one core busy during half of every run: the first half in even runs, the second in
 * odd ones. With an odd number of rounds the switch falls inside the middle round, so one side of that round is
 * disturbed and the other is not. From the same runs, compare's cross-run rule judges the baseline side of the
 * rounds wholly in the first half against the current side of those wholly in the second: one run quiet, the
 * other disturbed, as when tonight's runner is busier than the one that wrote the baseline.
 */
import type { ChildProcess } from 'node:child_process';
import { judgeCrossRun, type Rule } from './cross-section.js';
import { countFailingMetrics, describeChange, formatRate, startCoreBurner, type InjectedChange, type Rig } from './gate-rigs.js';
import { judgeAb } from '../../src/bench/ab/ab-command.js';
import { abPlanOf, abSchema } from '../../src/bench/ab/ab-options.js';
import { measureAbRounds, poolSide, type AbRunStart } from '../../src/bench/ab/ab-rounds.js';
import { describeMetricChange } from '../../src/bench/compare/compare-report.js';
import type { MetricName } from '../../src/bench/compare/metric-names.js';
import type { ScenarioName } from '../../src/bench/scenario/scenarios.js';
import { parseConfig } from '../../src/config/index.js';

export interface AbSettings {
  /** A/A runs per scenario. */
  readonly runs: number;
  /** Runs against the injected change per scenario. */
  readonly detectionRuns: number;
  readonly rounds: number;
  readonly overheadRequests: number;
  readonly llmRequests: number;
}

export type AbRunKind = 'aa' | 'change';

export interface AbRunOutcome {
  readonly kind: AbRunKind;
  /** The metric the injected change moves most, as ab's statistical rule saw it (`TTFT p95 +31.0% (x1.05 to x1.40)`). */
  readonly headline: string;
  readonly ab: Record<Rule, string>;
  readonly cross: Record<Rule, string>;
  /** The metrics that failed under ab's statistical rule. */
  readonly failing: string[];
}

/** Starts the burner as the first counted run of its half starts, and stops it as the other half starts. */
export function halfRunBurner(
  rounds: number, firstHalf: boolean, start: () => ChildProcess,
): { onRunStart: (event: AbRunStart) => void; stop: () => void } {
  let burner: ChildProcess | undefined;
  const stop = (): void => {
    burner?.kill('SIGKILL');
    burner = undefined;
  };
  return {
    onRunStart: (event) => {
      if (event.round === 0) return;
      const wanted = (event.done < rounds) === firstHalf;
      if (wanted && burner === undefined) burner = start();
      if (!wanted) stop();
    },
    stop,
  };
}

/** overhead: the burn shows most in the gateway's CPU per request; llm: in TTFT. */
const headlineMetric: Record<ScenarioName, MetricName> = { overhead: 'target_cpu_per_request', llm: 'ttft_p95' };

export async function runAbRun(rig: Rig, kind: AbRunKind, index: number, settings: AbSettings): Promise<AbRunOutcome> {
  const current = kind === 'aa' ? rig.twin! : rig.changed;
  const argv = [
    '--scenario', rig.name, '--baseline-url', rig.same.gateway.url, '--current-url', current.gateway.url, '--rounds', String(settings.rounds),
    '--round-requests', String(rig.name === 'overhead' ? settings.overheadRequests : settings.llmRequests), '--seed', String(index + 1),
  ];
  const configOf = (rule: Rule) => parseConfig(abSchema, { argv: [...argv, '--rule', rule], env: {} });
  const plan = abPlanOf(configOf('statistical'));
  const burner = halfRunBurner(plan.rounds, index % 2 === 0, startCoreBurner);
  const rounds = await measureAbRounds(plan, burner.onRunStart).finally(burner.stop);
  const statistical = judgeAb(configOf('statistical'), plan, rounds);
  const threshold = judgeAb(configOf('threshold'), plan, rounds);
  const half = Math.floor(plan.rounds / 2);
  const cross = judgeCrossRun(poolSide(rounds.slice(0, half), 'baseline'), poolSide(rounds.slice(-half), 'current'));
  const headline = statistical.metrics.find((row) => row.metric === headlineMetric[rig.name]);
  return {
    kind,
    headline: headline === undefined ? '' : describeMetricChange(headline),
    ab: { statistical: statistical.status, threshold: threshold.status },
    cross: { statistical: cross.statistical.status, threshold: cross.threshold.status },
    failing: statistical.failing_metrics,
  };
}

/** The runs of one scenario in the order they run: A/A and detection runs interleaved, so drift reaches both alike. */
export function abRunSchedule(settings: AbSettings): AbRunKind[] {
  const schedule: AbRunKind[] = [];
  for (let index = 0; index < Math.max(settings.runs, settings.detectionRuns); index++) {
    if (index < settings.runs) schedule.push('aa');
    if (index < settings.detectionRuns) schedule.push('change');
  }
  return schedule;
}

function rate(outcomes: readonly AbRunOutcome[], pick: (outcome: AbRunOutcome) => string): string {
  return formatRate(outcomes.filter((outcome) => pick(outcome) === 'fail').length, outcomes.length);
}

const ruleColumns = ['ab, statistical', 'ab, threshold', 'cross-run rule on the same runs, statistical', 'cross-run rule, threshold'];

function formatTable(firstColumns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const headers = [...firstColumns, ...ruleColumns];
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)];
}

export function formatAbSection(results: ReadonlyMap<ScenarioName, readonly AbRunOutcome[]>, change: InjectedChange, settings: AbSettings): string {
  const rates = (outcomes: readonly AbRunOutcome[]) => [
    rate(outcomes, (outcome) => outcome.ab.statistical), rate(outcomes, (outcome) => outcome.ab.threshold),
    rate(outcomes, (outcome) => outcome.cross.statistical), rate(outcomes, (outcome) => outcome.cross.threshold),
  ];
  const runs = [...results].map(([name, outcomes]) => ({
    name, aa: outcomes.filter((outcome) => outcome.kind === 'aa'), changed: outcomes.filter((outcome) => outcome.kind === 'change'),
  }));
  const failing = (outcomes: readonly AbRunOutcome[]) => countFailingMetrics(outcomes.map((outcome) => outcome.failing));
  return [
    `llm-bench ab: ${settings.rounds} rounds per run (${settings.overheadRequests} requests per side per overhead round, ${settings.llmRequests} per llm round);`
      + ' another process keeps one core busy during half of every run',
    '',
    'A/A false alarms (FAIL verdicts):',
    '',
    ...formatTable(['scenario', 'runs'], runs.map(({ name, aa }) => [name, String(aa.length), ...rates(aa)])),
    '',
    'Detections of the injected change (FAIL verdicts):',
    '',
    ...formatTable(['scenario', 'injected change', 'runs'], runs.map(({ name, changed }) => [name, describeChange(name, change), String(changed.length), ...rates(changed)])),
    '',
    ...runs.map(({ name, aa, changed }) => `${name}: metrics that failed (ab, statistical rule): A/A ${failing(aa)}; injected ${failing(changed)}`),
    '',
  ].join('\n');
}
