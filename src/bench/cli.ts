#!/usr/bin/env node
import { formatHelp, runCli, splitSubcommand, UsageError, wantsHelp } from '../config/index.js';
import { BenchInputError } from './bench-input-error.js';
import type { CommandIo } from './command-io.js';
import { compareCommand } from './compare-command.js';
import { compareSchema, compareSummary, compareUsage } from './compare-options.js';
import { runCommand } from './run-command.js';
import { runSchema, runSummary, runUsage } from './run-options.js';

const commands = ['run', 'compare', 'issue'] as const;

const topHelp = `Usage: llm-bench <command> [options]

Benchmark an OpenAI-compatible server, gate on regressions, and keep a GitHub issue in step with the result.

Commands:
  run       send prompts and write latency/throughput/error statistics (JSON)
  compare   compare a result with a baseline; exit 0 pass, 1 regression, 2 bad input
  issue     open, comment on or close the benchmark-failure issue from a verdict

Run 'llm-bench <command> --help' for the options of each.
`;

const io: CommandIo = {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTTY: process.stderr.isTTY === true,
};

const helpTexts = {
  run: () => formatHelp({ usage: runUsage, summary: runSummary, schema: runSchema }),
  compare: () => formatHelp({ usage: compareUsage, summary: compareSummary, schema: compareSchema }),
};

await runCli('llm-bench', async () => {
  const { command, argv } = splitSubcommand(process.argv.slice(2), commands);
  if (command === undefined) {
    process.stdout.write(topHelp);
    return argv.length === 0 && !wantsHelp(process.argv.slice(2)) ? 2 : 0;
  }
  if (wantsHelp(argv)) {
    process.stdout.write(helpTexts[command]());
    return 0;
  }
  try {
    if (command === 'run') return await runCommand(argv, io);
    if (command === 'compare') return await compareCommand(argv, io);
    return 2;
  } catch (error) {
    if (error instanceof BenchInputError) throw new UsageError(error.message);
    throw error;
  }
});
