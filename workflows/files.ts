/**
 * Paths the workflows name. The consistency test checks that every path a
 * `run:` step names is either in the repository or listed in `runtimeFiles`.
 */
export const repositoryFiles = {
  prompts: 'bench/prompts.jsonl',
  driftCheck: 'projenrc/check-drift.ts',
} as const;

/** Written while a workflow runs (by a step or a downloaded artifact), never committed. */
export const runtimeFiles = {
  results: 'bench/bench_results.json',
  baseline: 'bench/baseline.json',
  history: 'bench/history.json',
  verdict: 'bench/verdict.json',
  coverage: 'coverage/lcov.info',
} as const;
