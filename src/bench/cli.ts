#!/usr/bin/env node
import { BenchInputError } from './bench-input-error.js';
import type { CommandIo } from './command-io.js';
import { compareCommand } from './compare-command.js';
import { compareSchema, compareSummary, compareUsage } from './compare-options.js';
import { readJson } from './json-file.js';
import { runCommand } from './run-command.js';
import { runSchema, runSummary, runUsage } from './run-options.js';
import { parseVerdictFile, type VerdictFile } from './verdict-file.js';
import { formatHelp, parseConfig, runCli, splitSubcommand, UsageError, wantsHelp } from '../config/index.js';
import { syncBenchmarkIssue, type BenchmarkOutcome } from '../github/benchmark-issue.js';
import { GitHubClient } from '../github/github-client.js';
import { GitHubAuthError, GitHubError } from '../github/github-errors.js';
import { issueSchema, issueSummary, issueUsage, requireIssueSettings } from '../github/issue-settings.js';

const commands = ['run', 'compare', 'issue'] as const;

const topHelp = `Usage: llm-bench <command> [options]

Benchmark an OpenAI-compatible server, gate on regressions, and keep a GitHub issue in step with the result.

Commands:
  run       send prompts and write latency/throughput/error statistics (JSON)
  compare   compare a result with a baseline; exit 0 pass, 1 regression, 2 bad input
  issue     open, comment on or close the benchmark-failure issue from a verdict

Run 'llm-bench <command> --help' for the options of each.
`;

const helpTexts = {
  run: { usage: runUsage, summary: runSummary, schema: runSchema },
  compare: { usage: compareUsage, summary: compareSummary, schema: compareSchema },
  issue: { usage: issueUsage, summary: issueSummary, schema: issueSchema },
};

const io: CommandIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: process.stderr.isTTY === true,
};

function outcomeOf(verdict: VerdictFile, runUrl: string): BenchmarkOutcome {
  const passing = verdict.status === 'pass' || verdict.status === 'warn';
  return {
    state: verdict.failed ? 'failing' : passing ? 'passing' : 'undecided',
    summary: verdict.summary,
    failingMetrics: verdict.failing_metrics,
    tableMarkdown: verdict.table_markdown,
    runUrl,
  };
}

/** The compare verdict reaches src/github/ only here, as a plain BenchmarkOutcome. */
async function issueCommand(argv: readonly string[]): Promise<number> {
  const settings = requireIssueSettings(parseConfig(issueSchema, { argv, env: process.env }));
  const verdict = parseVerdictFile(settings.verdict, await readJson(settings.verdict));
  const client = new GitHubClient({
    apiUrl: settings.apiUrl,
    ...(settings.token === undefined ? {} : { token: settings.token }),
    writeIntervalMs: settings.writeIntervalMs,
    maxRetries: settings.maxRetries,
    dryRun: settings.dryRun,
  });
  const runUrl = `${settings.serverUrl}/${settings.repository}/actions/runs/${settings.runId}`;
  const result = await syncBenchmarkIssue(client, settings.repository, outcomeOf(verdict, runUrl));
  if (settings.dryRun) {
    for (const write of client.writes) process.stdout.write(`would ${write.method} ${write.path} ${JSON.stringify(write.body)}\n`);
  }
  const issues = result.issues.map((number) => `#${number}`).join(', ');
  process.stdout.write(`${settings.dryRun ? 'dry run: ' : ''}${verdict.status}: ${result.action}${issues ? ` ${issues}` : ''}\n`);
  return 0;
}

await runCli('llm-bench', async () => {
  const { command, argv } = splitSubcommand(process.argv.slice(2), commands);
  if (command === undefined) {
    process.stdout.write(topHelp);
    return wantsHelp(process.argv.slice(2)) ? 0 : 2;
  }
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp(helpTexts[command]));
    return 0;
  }
  try {
    if (command === 'run') return await runCommand(argv, io);
    if (command === 'compare') return await compareCommand(argv, io);
    return await issueCommand(argv);
  } catch (error) {
    if (error instanceof BenchInputError || error instanceof GitHubAuthError) throw new UsageError(error.message);
    if (!(error instanceof GitHubError)) throw error;
    process.stderr.write(`llm-bench: ${error.message}\n`);
    return 1;
  }
});
