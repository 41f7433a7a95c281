#!/usr/bin/env node
import { abCommand } from './ab/ab-command.js';
import { abSchema, abSummary, abUsage } from './ab/ab-options.js';
import { BenchInputError } from './bench-input-error.js';
import { historyCommand } from './changes/history-command.js';
import { historyCommandSchema, historySummary, historyUsage } from './changes/history-options.js';
import type { CommandIo } from './command-io.js';
import { compareCommand } from './compare/compare-command.js';
import { compareSchema, compareSummary, compareUsage } from './compare/compare-options.js';
import { issueCommand } from './issue/issue-command.js';
import { runCommand } from './run/run-command.js';
import { runSchema, runSummary, runUsage } from './run/run-options.js';
import { formatHelp, runCli, splitSubcommand, UsageError, wantsHelp } from '../config/index.js';
import { GitHubAuthError, GitHubError } from '../github/github-errors.js';
import { issueSchema, issueSummary, issueUsage } from '../github/issue-settings.js';

const commands = ['run', 'compare', 'ab', 'history', 'issue'] as const;

const topHelp = `Usage: llm-bench <command> [options]

Benchmark an OpenAI-compatible server, gate on regressions, and keep a GitHub issue in step with the result.

Commands:
  run       send prompts and write latency/throughput/error statistics (JSON)
  compare   compare a result with a baseline; exit 0 pass, 1 regression, 2 bad input or unlike loads
  ab        measure a baseline and a current target in interleaved rounds and judge the paired ratios; exit codes as compare
  history   find change points in the history; exit 0 pass, 1 a lasting regression at the newest nights, 2 bad input
  issue     open, comment on or close the benchmark issues from verdicts (or a run that could not measure)

Run 'llm-bench <command> --help' for the options of each.
`;

const helpTexts = {
  run: { usage: runUsage, summary: runSummary, schema: runSchema },
  compare: { usage: compareUsage, summary: compareSummary, schema: compareSchema },
  ab: { usage: abUsage, summary: abSummary, schema: abSchema },
  history: { usage: historyUsage, summary: historySummary, schema: historyCommandSchema },
  issue: { usage: issueUsage, summary: issueSummary, schema: issueSchema },
};

const io: CommandIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: process.stderr.isTTY === true,
};

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
    if (command === 'ab') return await abCommand(argv, io);
    if (command === 'history') return await historyCommand(argv, io);
    return await issueCommand(argv, io);
  } catch (error) {
    if (error instanceof BenchInputError || error instanceof GitHubAuthError) throw new UsageError(error.message);
    if (!(error instanceof GitHubError)) throw error;
    process.stderr.write(`llm-bench: ${error.message}\n`);
    return 1;
  }
});
