import type { typescript } from 'projen';

/**
 * The bench CLI (`llm-bench run|compare|issue`), the `llm-bench` task that runs
 * it from source, and the bench/ outputs that must never be committed by accident.
 */
export function setupBench(project: typescript.TypeScriptProject): void {
  project.addBins({ 'llm-bench': 'lib/bench/cli.js' });
  project.addTask('llm-bench', {
    description: 'Run the llm-bench CLI from source (llm-bench run|compare|issue)',
    exec: 'tsx src/bench/cli.ts',
    receiveArgs: true,
  });
  // Results, verdicts and history are per-run outputs; a baseline is committed only when it comes from a real run.
  project.gitignore.exclude('/bench/bench_results.json', '/bench/verdict.json', '/bench/history.json', '/bench/*.tmp-*');
}
