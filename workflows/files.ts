import { scenarioNames } from '../src/bench/scenario/scenarios.js';

/**
 * Paths the workflows name. The consistency test checks that every path a
 * `run:` step names is either in the repository or listed in `runtimeFiles`.
 */
export const repositoryFiles = {
  prompts: 'bench/prompts.jsonl',
  driftCheck: 'projenrc/check-drift.ts',
} as const;

/** The files of one benchmark scenario. */
export function scenarioFiles(name: string) {
  return {
    results: `bench/results-${name}.json`,
    direct: `bench/direct-${name}.json`,
    baseline: `bench/baseline-${name}.json`,
    verdict: `bench/verdict-${name}.json`,
    /** llm-bench ab's verdict: this build beside the baseline build on the same runner. */
    abVerdict: `bench/ab-verdict-${name}.json`,
  } as const;
}

/** Written while a workflow runs (by a step or a downloaded artifact), never committed. */
export const runtimeFiles = {
  ...Object.fromEntries(scenarioNames.flatMap((name) => Object.entries(scenarioFiles(name)).map(([key, path]) => [`${name}-${key}`, path]))),
  /** Every scenario's runs, for the step summary's chart. */
  history: 'bench/history.json',
  /** llm-bench history's verdict: the change points, read by the issue command beside compare's verdicts. */
  historyVerdict: 'bench/verdict-history.json',
  /** llm-bench run's Markdown summaries of main's short benchmark, for the release summary. */
  benchmarkMarkdown: 'bench/benchmark.md',
  /** The nightly's checkout of the baseline's commit, when its gateway image has to be built. */
  baselineSource: '.baseline-build',
  baselineDockerfile: '.baseline-build/Dockerfile.gateway',
  coverage: 'coverage/lcov.info',
} as const;
