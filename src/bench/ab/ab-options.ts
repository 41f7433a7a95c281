import type { AbPlan } from './ab-rounds.js';
import { booleanOption, integerOption, parseConfig, stringOption, urlOption, UsageError, type ConfigOf } from '../../config/index.js';
import { compareSchema, limitOptions } from '../compare/compare-options.js';
import { percent } from '../compare/compare-rules.js';
import { applyScenario, checkCombinations } from '../run/run-command.js';
import { runSchema, type RunConfig } from '../run/run-options.js';
import { scenarios } from '../scenario/scenarios.js';
import { minimumPairs } from '../stats/median-interval.js';

export const abUsage = 'llm-bench ab --baseline-url URL --current-url URL [--scenario NAME [--short]] [--rounds N] [--seed N] [--json FILE] [--markdown FILE] [options]';
export const abSummary = 'Measure two targets in interleaved rounds (randomised ABBA blocks) and judge the paired per-round ratios by compare\'s rules. '
  + 'Exit 0: no regression; 1: regression; 2: bad input or a target that never answered.';

function pick<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, object[key]])) as Pick<T, K>;
}

/** The run options that describe the load; `url`, `-n`, `--duration`, `-o`, `--json`, `--markdown` and `--seed` mean other things here. */
const loadKeys = ['concurrency', 'prompts', 'timeout', 'api', 'model', 'stream', 'rate', 'arrival', 'warmup', 'apiKey'] as const;

const defaultRoundRequests = 100;

export const abSchema = {
  ...pick(runSchema, ['scenario', 'short']),
  baselineUrl: urlOption({ flag: 'baseline-url', description: 'Base URL of the baseline build (A); required', default: undefined }),
  currentUrl: urlOption({ flag: 'current-url', description: 'Base URL of the build under test (B); required', default: undefined }),
  rounds: integerOption({ flag: 'rounds', description: 'Paired rounds counted, each one run per target (at least 6 at 95% confidence)', default: 10, min: 2, max: 100 }),
  roundRequests: integerOption({
    flag: 'round-requests', description: `Requests per target in each round (default: the scenario's round size, its short size with --short; else ${defaultRoundRequests})`, default: undefined, min: 1,
  }),
  seed: integerOption({ flag: 'seed', description: 'Seed of the round order (each block of two rounds is ABBA or BAAB)', default: 1, min: 0 }),
  noTargetCpu: booleanOption({
    flag: 'no-target-cpu',
    description: 'Skip reading each target\'s process_cpu_seconds_total from its own /metrics in every round (by default CPU per request is judged on the paired rounds)',
  }),
  json: compareSchema.json,
  markdown: stringOption({ flag: 'markdown', description: 'Also append the verdict\'s Markdown section to this file (e.g. "$GITHUB_STEP_SUMMARY")', default: undefined }),
  quiet: compareSchema.quiet,
  ...pick(runSchema, loadKeys),
  ...limitOptions,
};

export type AbConfig = ConfigOf<typeof abSchema>;

/** The load of one run, through run's own scenario rules: a scenario sets the load, and load flags beside it are refused. */
function loadOf(config: AbConfig): RunConfig {
  const defaults = parseConfig(runSchema, { argv: [], env: {} });
  const load = applyScenario({ ...defaults, ...pick(config, loadKeys), scenario: config.scenario, short: config.short });
  checkCombinations(load);
  const { scenario } = config;
  const scenarioRound = scenario === undefined ? defaultRoundRequests : scenarios[scenario].load[config.short ? 'shortRequests' : 'roundRequests'];
  return { ...load, numRequests: config.roundRequests ?? scenarioRound };
}

/** What `llm-bench ab` measures; UsageError (exit 2) for a missing target or too few rounds for the interval. */
export function abPlanOf(config: AbConfig): AbPlan {
  if (config.baselineUrl === undefined || config.currentUrl === undefined) throw new UsageError('--baseline-url and --current-url are both required');
  const fewest = minimumPairs(config.confidence);
  if (config.rounds < fewest) {
    throw new UsageError(`--rounds ${config.rounds} is too few for a ${percent(config.confidence)} interval of the paired ratios: use at least ${fewest}`);
  }
  const load = loadOf(config);
  return {
    load,
    urls: { baseline: config.baselineUrl, current: config.currentUrl },
    rounds: config.rounds,
    warmup: load.warmup > 0 ? load.warmup : load.numRequests ?? defaultRoundRequests,
    seed: config.seed,
    targetCpu: !config.noTargetCpu,
  };
}
