import type { LimitConfig } from './compare-options.js';
import { summarizeVerdict } from './compare-report.js';
import { combineVerdicts, type MetricComparison } from './compare-rules.js';
import { verdictSchemaVersion, type VerdictFile, type VerdictMethod, type VerdictStatus } from '../result/verdict-schema.js';

/** What was compared: result files (compare) or targets' URLs measured in `rounds` paired rounds (ab). */
export interface VerdictSource {
  readonly method: VerdictMethod;
  readonly baseline: string;
  readonly current: string;
  readonly rounds: number | null;
}

type DecisionSettings = Pick<LimitConfig, 'rule' | 'confidence' | 'failOnInconclusive'>;

/** The verdict file of a decided status: whether it fails (exit 1) and whether the run may become the baseline. */
export function buildVerdict(
  settings: DecisionSettings, source: VerdictSource, scenario: string | null, metrics: MetricComparison[], status: VerdictStatus, summary: string,
): VerdictFile {
  const failed = status === 'fail' || (status === 'inconclusive' && settings.failOnInconclusive);
  return {
    schema_version: verdictSchemaVersion,
    method: source.method,
    status,
    failed,
    baseline_eligible: !failed && status !== 'inconclusive',
    scenario,
    summary,
    failing_metrics: metrics.filter((row) => row.verdict === 'fail' || row.verdict === 'inconclusive').map((row) => row.metric),
    rule: settings.rule,
    confidence: settings.confidence,
    created_at: new Date().toISOString(),
    baseline: source.baseline,
    current: source.current,
    rounds: source.rounds,
    metrics,
  };
}

/** The verdict of judged metrics: the worst one wins; a second inconclusive run (--fail-on-inconclusive) says so. */
export function decideVerdict(settings: DecisionSettings, source: VerdictSource, scenario: string | null, metrics: MetricComparison[]): VerdictFile {
  const status = combineVerdicts(metrics.map((row) => row.verdict));
  const summary = summarizeVerdict(status, metrics);
  const rerun = settings.failOnInconclusive && status === 'inconclusive' ? ' (inconclusive again after a rerun)' : '';
  return buildVerdict(settings, source, scenario, metrics, status, `${summary}${rerun}`);
}

/** The GITHUB_OUTPUT lines a workflow routes on: `status`, `failed`, `baseline-eligible`. */
export function formatVerdictOutputs(verdict: VerdictFile): string {
  return `status=${verdict.status}\nfailed=${verdict.failed}\nbaseline-eligible=${verdict.baseline_eligible}\n`;
}
