import { formatIssueDetails, type IssueDetailsInput } from './issue-details.js';
import { parseConfig } from '../../config/index.js';
import { syncBenchmarkIssue, syncInfraIssue, type BenchmarkOutcome, type IssueSyncResult } from '../../github/benchmark-issue.js';
import { GitHubClient } from '../../github/github-client.js';
import { issueSchema, requireIssueSettings } from '../../github/issue-settings.js';
import type { CommandIo } from '../command-io.js';
import { readHistory } from '../result/history-file.js';
import { readJson } from '../result/json-file.js';
import { parseVersioned } from '../result/parse-file.js';
import { verdictVersions, type VerdictFile } from '../result/verdict-schema.js';

/**
 * The deciding verdicts (one per scenario) as one outcome: ab or compare
 * decided each; any failed one makes the run failing.
 */
export function outcomeOf(details: IssueDetailsInput, runUrl: string): BenchmarkOutcome {
  const { verdicts } = details;
  const failed = verdicts.filter((verdict) => verdict.failed);
  const undecided = verdicts.some((verdict) => !verdict.failed && verdict.status === 'inconclusive');
  return {
    state: failed.length > 0 ? 'failing' : undecided ? 'undecided' : 'passing',
    summary: (failed.length > 0 ? failed : verdicts).map((verdict) => `${verdict.scenario ?? 'benchmark'}: ${verdict.summary}`).join('\n'),
    failingMetrics: failed.flatMap((verdict) => verdict.failing_metrics),
    detailsMarkdown: formatIssueDetails(details),
    runUrl,
  };
}

function describe(kind: string, result: IssueSyncResult): string {
  const issues = result.issues.map((number) => `#${number}`).join(', ');
  return `${kind} ${result.action}${issues ? ` ${issues}` : ''}`;
}

async function readVerdicts(files: readonly string[]): Promise<VerdictFile[]> {
  const verdicts: VerdictFile[] = [];
  for (const file of files) verdicts.push(parseVersioned(verdictVersions, file, 'a compare verdict', await readJson(file)));
  return verdicts;
}

/**
 * `llm-bench issue`: the one place a verdict reaches src/github/, as plain
 * outcomes. A run that measured closes the benchmark-infra issue.
 */
export async function issueCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const settings = requireIssueSettings(parseConfig(issueSchema, { argv, env: io.env }));
  const client = new GitHubClient({
    apiUrl: settings.apiUrl,
    ...(settings.token === undefined ? {} : { token: settings.token }),
    writeIntervalMs: settings.writeIntervalMs,
    maxRetries: settings.maxRetries,
    dryRun: settings.dryRun,
  });
  const runUrl = `${settings.serverUrl}/${settings.repository}/actions/runs/${settings.runId}`;
  const lines: string[] = [];
  if (settings.couldNotRun !== undefined) {
    lines.push(describe('could not run:', await syncInfraIssue(client, settings.repository, { state: 'broken', reason: settings.couldNotRun, runUrl })));
  } else {
    const outcome = outcomeOf({
      verdicts: await readVerdicts(settings.verdicts),
      crossDay: await readVerdicts(settings.crossDay),
      history: settings.history === undefined ? [] : await readHistory(settings.history),
      commits: {
        ...(settings.baselineCommit === undefined ? {} : { baseline: settings.baselineCommit }),
        ...(settings.currentCommit === undefined ? {} : { current: settings.currentCommit }),
      },
      repositoryUrl: `${settings.serverUrl}/${settings.repository}`,
    }, runUrl);
    lines.push(describe(`${outcome.state}:`, await syncBenchmarkIssue(client, settings.repository, outcome)));
    lines.push(describe('measured:', await syncInfraIssue(client, settings.repository, { state: 'measured', reason: '', runUrl })));
  }
  if (settings.dryRun) {
    for (const write of client.writes) io.out(`would ${write.method} ${write.path} ${JSON.stringify(write.body)}\n`);
  }
  io.out(lines.map((line) => `${settings.dryRun ? 'dry run: ' : ''}${line}\n`).join(''));
  return 0;
}
