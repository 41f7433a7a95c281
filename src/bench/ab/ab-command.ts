import { appendFile } from 'node:fs/promises';
import { abPlanOf, abSchema, type AbConfig } from './ab-options.js';
import { measureAbRounds, poolSide, type AbPlan, type AbRound, type AbRunStart } from './ab-rounds.js';
import { judgeAbRounds } from './paired-rules.js';
import { parseConfig } from '../../config/index.js';
import type { CommandIo } from '../command-io.js';
import { rulesOf } from '../compare/compare-options.js';
import { formatVerdictSection, formatVerdictText } from '../compare/compare-report.js';
import { decideVerdict, formatVerdictOutputs } from '../compare/verdict-decision.js';
import { checkWritable, writeJsonAtomic } from '../result/json-file.js';
import type { VerdictFile } from '../result/verdict-schema.js';
import { cpuProblemLine } from '../run/cpu-measured-run.js';

/** `ab: round 3/10, current http://127.0.0.1:8000 (12.4 s)`: one line per run, so a log shows where a long A/B is. */
export function describeRunStart(event: AbRunStart): string {
  const round = event.round === 0 ? 'warm-up' : `round ${event.round}/${event.rounds}`;
  return `ab: ${round}, ${event.side} ${event.url} (${(event.elapsedMs / 1000).toFixed(1)} s)\n`;
}

/** The verdict of measured rounds: compare's rules (with the scenario's limits) on the paired per-round ratios. */
export function judgeAb(config: AbConfig, plan: AbPlan, rounds: readonly AbRound[]): VerdictFile {
  const scenario = rounds[0]?.current.result.parameters.scenario ?? null;
  const pairs = rounds.map((round) => ({ baseline: round.baseline.result, current: round.current.result }));
  const pooled = { baseline: poolSide(rounds, 'baseline'), current: poolSide(rounds, 'current') };
  const metrics = judgeAbRounds(pairs, pooled, rulesOf(config, scenario));
  return decideVerdict(config, { method: 'ab', baseline: plan.urls.baseline, current: plan.urls.current, rounds: rounds.length }, scenario, metrics);
}

/**
 * `llm-bench ab`: exit 0 no regression, 1 regression (or inconclusive with
 * --fail-on-inconclusive), 2 bad input or a target that never answered.
 * Writes the verdict file and the GITHUB_OUTPUT keys compare writes.
 */
export async function abCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const config = parseConfig(abSchema, { argv, env: io.env });
  const plan = abPlanOf(config);
  for (const file of [config.json, config.markdown]) if (file !== undefined) await checkWritable(file);
  const rounds = await measureAbRounds(
    plan,
    (event) => io.err(describeRunStart(event)),
    (url, problem) => io.err(cpuProblemLine(url, problem)),
  );
  const verdict = judgeAb(config, plan, rounds);
  if (config.json) await writeJsonAtomic(config.json, verdict);
  if (config.markdown) await appendFile(config.markdown, `${formatVerdictSection(verdict)}\n`);
  if (io.env.GITHUB_OUTPUT) await appendFile(io.env.GITHUB_OUTPUT, formatVerdictOutputs(verdict));
  io.out(config.quiet ? `${verdict.summary}\n` : formatVerdictText(verdict));
  return verdict.failed ? 1 : 0;
}
