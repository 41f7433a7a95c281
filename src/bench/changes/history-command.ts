import { appendFile } from 'node:fs/promises';
import { findHistoryChanges, runsOfCurrentLoad, type ChangeRules, type EarlierLoad } from './history-changes.js';
import { historyCommandSchema } from './history-options.js';
import { buildHistoryVerdict, formatChangePointTable, formatHistorySection } from './history-report.js';
import { parseConfig, UsageError, type ConfigOf } from '../../config/index.js';
import type { CommandIo } from '../command-io.js';
import { readExistingHistory } from '../result/history-file.js';
import { writeJsonAtomic } from '../result/json-file.js';

export type HistoryConfig = ConfigOf<typeof historyCommandSchema>;

export function changeRulesOf(config: HistoryConfig): ChangeRules {
  // A change point needs --min-segment nights after it, so a shorter window could never judge one.
  if (config.newestNights < config.minSegment) {
    throw new UsageError(`--newest-nights (${config.newestNights}) must be at least --min-segment (${config.minSegment}): no change point could be that recent`);
  }
  return {
    newestNights: config.newestNights,
    minChange: config.minChangePct / 100,
    significance: config.significance,
    permutations: config.permutations,
    minSegment: config.minSegment,
    seed: config.seed,
  };
}

function describeEarlierLoad({ scenario, runs, since }: EarlierLoad): string {
  return `${scenario ?? 'benchmark'}: ${runs} earlier run${runs === 1 ? '' : 's'} under another load left out (this load since ${since.git_commit?.slice(0, 7) ?? since.timestamp})\n`;
}

/**
 * `llm-bench history`: exit 0 when no gated metric has a lasting regression at
 * the newest nights, 1 when one has (slow creep that no single night's compare
 * failed), 2 on bad input. Writes GITHUB_OUTPUT `status` and `failed`, and the
 * change points and charts to the step summary.
 */
export async function historyCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const config = parseConfig(historyCommandSchema, { argv, env: io.env });
  const rules = changeRulesOf(config);
  const { kept, earlier } = runsOfCurrentLoad(await readExistingHistory(config.history));
  const found = findHistoryChanges(kept, rules);
  const verdict = buildHistoryVerdict(config.history, found, rules, new Date().toISOString());
  if (config.json) await writeJsonAtomic(config.json, verdict);
  const table = formatChangePointTable(verdict.change_points);
  const notes = earlier.map(describeEarlierLoad).join('');
  io.out(config.quiet ? `${verdict.summary}\n` : `${notes}${table}${notes || table ? '\n' : ''}${verdict.summary}\n`);
  if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, `${formatHistorySection(verdict, found, config.chartNights)}\n`);
  if (io.env.GITHUB_OUTPUT) await appendFile(io.env.GITHUB_OUTPUT, `status=${verdict.status}\nfailed=${verdict.failed}\n`);
  return verdict.failed ? 1 : 0;
}
