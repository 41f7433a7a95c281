import { compareRuleKinds, defaultCompareRules as rules, type CompareRules } from './compare-rules.js';
import { booleanOption, choiceOption, integerOption, numberOption, stringOption, type ConfigOf } from '../../config/index.js';
import { defaultRetentionDays } from '../result/history-file.js';
import { knownScenario } from '../scenario/scenarios.js';

export const compareUsage = 'llm-bench compare [--current FILE] [--baseline FILE] [--json FILE] [--history FILE] [options]';
export const compareSummary = 'Compare a bench result with a baseline on the raw samples. Exit 0: no regression; 1: regression; 2: bad input.';

const pct = (fraction: number) => Math.round(fraction * 10000) / 100;

/** The rule and limits compare and ab judge by: one flag, one meaning, in both. */
export const limitOptions = {
  rule: choiceOption({ flag: 'rule', description: 'statistical: estimate past the limit AND the whole interval above no-change; threshold: the estimate alone', choices: compareRuleKinds, default: rules.rule }),
  failP95Pct: numberOption({ flag: 'fail-p95-pct', description: 'FAIL when a p95 (end-to-end, TTFT, ITL, gateway overhead) regresses by more than this percentage', default: pct(rules.failP95), min: 0 }),
  warnP95Pct: numberOption({ flag: 'warn-p95-pct', description: 'WARN when p95 latency regresses by more than this percentage', default: pct(rules.warnP95), min: 0 }),
  failP50Pct: numberOption({
    flag: 'fail-p50-pct', description: 'FAIL when p50 latency regresses by more than this percentage (default: none)', default: undefined, min: 0,
  }),
  warnP50Pct: numberOption({ flag: 'warn-p50-pct', description: 'WARN when p50 latency changes by more than this percentage', default: pct(rules.warnP50), min: 0 }),
  warnThroughputPct: numberOption({ flag: 'warn-throughput-pct', description: 'WARN when throughput changes by more than this percentage', default: pct(rules.warnThroughput), min: 0 }),
  failCpuPct: numberOption({
    flag: 'fail-cpu-pct', description: "FAIL when the target's CPU per request grows by more than this percentage (where the scenario gates it)", default: pct(rules.failCpu), min: 0,
  }),
  maxErrorRatePct: numberOption({ flag: 'max-error-rate-pct', description: 'FAIL when the observed error rate exceeds this percentage', default: pct(rules.maxErrorRate), min: 0, max: 100 }),
  confidence: numberOption({ flag: 'confidence', description: 'Confidence level of the intervals', default: rules.confidence, min: 0.5, max: 0.9999 }),
  minSamples: integerOption({ flag: 'min-samples', description: 'Fewer successful samples than this on either side (with ab: in any round) is inconclusive', default: rules.minSamples, min: 1 }),
  failOnInconclusive: booleanOption({ flag: 'fail-on-inconclusive', description: 'Exit 1 when the verdict is inconclusive' }),
};

export type LimitConfig = ConfigOf<typeof limitOptions>;

export const compareSchema = {
  current: stringOption({ flag: 'current', description: 'Result of this run', default: 'bench/bench_results.json' }),
  baseline: stringOption({ flag: 'baseline', description: 'Result to compare with', default: 'bench/baseline.json' }),
  setBaseline: booleanOption({ flag: 'set-baseline', description: 'After comparing, make current the baseline (atomically) when the verdict is decided and does not fail' }),
  allowMissingBaseline: booleanOption({ flag: 'allow-missing-baseline', description: 'Pass, and say so, when the baseline file does not exist' }),
  replaceUnlikeBaseline: booleanOption({
    flag: 'replace-unlike-baseline', description: 'Pass, and say so, when the baseline used another load (with --set-baseline, this run replaces it) instead of refusing',
  }),
  quiet: booleanOption({ flag: 'quiet', description: 'Print only the one-line verdict' }),
  json: stringOption({ flag: 'json', description: 'Write the machine-readable verdict to this file', default: undefined }),
  history: stringOption({ flag: 'history', description: 'Append this run to this history file and chart it in the step summary', default: undefined }),
  historyDays: integerOption({ flag: 'history-days', description: 'Days of runs kept in the history file (counted back from the newest run)', default: defaultRetentionDays, min: 1 }),
  ...limitOptions,
  resamples: integerOption({ flag: 'resamples', description: 'Bootstrap resamples', default: rules.resamples, min: 100, max: 100000 }),
  seed: integerOption({ flag: 'seed', description: 'Bootstrap seed (same files and seed, same interval)', default: rules.seed, min: 0 }),
  blocks: integerOption({
    flag: 'blocks', description: 'Bootstrap each run as this many blocks of consecutive samples (1: independent draws)', default: rules.blocks, min: 1, max: 1000,
  }),
};

/** The bootstrap's settings: compare's flags; ab, which resamples nothing, leaves the defaults. */
type BootstrapSettings = Pick<CompareRules, 'resamples' | 'seed' | 'blocks'>;

/** The flags' limits, what the scenario reports without gating (else the defaults), and the bootstrap's settings. */
export function rulesOf(config: LimitConfig, scenario: string | null, bootstrap: BootstrapSettings = rules): CompareRules {
  const known = knownScenario(scenario);
  const reportedOnly = known === undefined ? rules.reportedOnly : new Set(known.reportedOnly);
  return {
    rule: config.rule,
    failP95: config.failP95Pct / 100,
    warnP95: config.warnP95Pct / 100,
    failP50: config.failP50Pct === undefined ? undefined : config.failP50Pct / 100,
    warnP50: config.warnP50Pct / 100,
    warnThroughput: config.warnThroughputPct / 100,
    failCpu: config.failCpuPct / 100,
    maxErrorRate: config.maxErrorRatePct / 100,
    confidence: config.confidence,
    resamples: bootstrap.resamples,
    seed: bootstrap.seed,
    minSamples: config.minSamples,
    blocks: bootstrap.blocks,
    reportedOnly,
  };
}
