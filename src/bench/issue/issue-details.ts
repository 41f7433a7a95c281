import { formatLocalReproduction, scenarioNameOf, type CommitPair } from './local-reproduction.js';
import { formatVerdictSection } from '../compare/compare-report.js';
import { formatHistoryChart, type HistoryEntry } from '../result/history-file.js';
import type { VerdictFile } from '../result/verdict-schema.js';
import type { ScenarioName } from '../scenario/scenarios.js';

/** What the issue shows beyond the one-line summary. */
export interface IssueDetailsInput {
  /** The deciding verdicts, one per scenario: the A/B's where one was reached, else compare's. */
  readonly verdicts: readonly VerdictFile[];
  /** compare's cross-day verdicts of the scenarios an A/B verdict decided: reported only. */
  readonly crossDay: readonly VerdictFile[];
  readonly history: readonly HistoryEntry[];
  readonly commits: CommitPair;
  /** `https://github.com/<owner>/<repo>` */
  readonly repositoryUrl: string;
}

/** As many runs as compare charts in the step summary: a year of nights is not legible in one chart. */
const chartedRuns = 30;

function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/** The commits that may have caused it: after the baseline build, up to tonight's, as GitHub's compare view. */
export function formatSuspectCommits(repositoryUrl: string, commits: CommitPair): string {
  const { baseline, current } = commits;
  if (baseline === undefined || current === undefined) return 'Suspect commits: unknown (no baseline commit was recorded).\n';
  return `Suspect commits: [\`${shortCommit(baseline)}...${shortCommit(current)}\`](${repositoryUrl}/compare/${baseline}...${current})`
    + ' (after the baseline build, up to the build measured).\n';
}

function howMeasured(verdict: VerdictFile, crossDay: VerdictFile | undefined, commits: CommitPair): string {
  if (verdict.method === 'history') return '';
  if (verdict.method === 'compare') {
    return 'Measured against the stored baseline result (cross-day: no A/B for this scenario in this run; the run\'s notices say why).\n';
  }
  const baseline = commits.baseline === undefined ? 'the baseline build' : `the baseline build (\`${shortCommit(commits.baseline)}\`)`;
  const measured = `Measured A/B: this build and ${baseline} side by side on one runner, in interleaved rounds.\n`;
  return crossDay === undefined ? measured : `${measured}Cross-day comparison with the stored baseline result (reported only): ${crossDay.summary}\n`;
}

/** One chart per failing metric, over the scenario's recent nights; none where the history has no values. */
function formatCharts(verdict: VerdictFile, history: readonly HistoryEntry[]): string[] {
  if (!verdict.failed) return [];
  const runs = history.filter((run) => run.scenario === verdict.scenario).slice(-chartedRuns);
  return verdict.failing_metrics
    .filter((metric) => runs.some((run) => typeof run.metrics[metric as keyof HistoryEntry['metrics']] === 'number'))
    .map((metric) => formatHistoryChart(runs, metric));
}

/**
 * The Markdown between the issue's summary and its run link: the suspect
 * commit range, each verdict's table (the A/B's with its cross-day line beside
 * it), a chart of each failing metric, and how to reproduce the failing A/Bs.
 */
export function formatIssueDetails(input: IssueDetailsInput): string {
  const crossDayOf = (verdict: VerdictFile) =>
    input.crossDay.find((candidate) => candidate.scenario !== null && candidate.scenario === verdict.scenario);
  const failing = input.verdicts.filter((verdict) => verdict.failed);
  const sections = input.verdicts.map((verdict) => [
    formatVerdictSection(verdict),
    howMeasured(verdict, crossDayOf(verdict), input.commits),
    ...formatCharts(verdict, input.history),
  ].join('\n'));
  const reproduced = [...new Set(failing.map((verdict) => scenarioNameOf(verdict.scenario)))]
    .filter((name): name is ScenarioName => name !== undefined);
  return [
    ...(failing.length > 0 ? [formatSuspectCommits(input.repositoryUrl, input.commits)] : []),
    ...sections,
    ...(reproduced.length > 0 ? [formatLocalReproduction(reproduced, input.commits)] : []),
  ].join('\n');
}
