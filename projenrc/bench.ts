import type { typescript } from 'projen';
import { addDevFolder } from './dev-folder.js';

/**
 * The bench CLI (`llm-bench run|compare|issue`), its benchmark script and the
 * bench/ outputs that must never be committed by accident.
 */
export function setupBench(project: typescript.TypeScriptProject): void {
  project.addBins({ 'llm-bench': 'lib/bench/cli.js' });
  // autocannon is the reference load generator the loadgen benchmark measures llm-bench against.
  project.addDevDeps('autocannon', '@types/autocannon');
  project.addTask('bench:loadgen', {
    description: 'Benchmark llm-bench run against autocannon and the compare gate against the plain threshold rule',
    exec: 'tsx bench/loadgen-benchmark.ts',
    receiveArgs: true,
  });
  project.addTask('bench', {
    description: 'Run the bench CLI from source (llm-bench run|compare|issue)',
    exec: 'tsx src/bench/cli.ts',
    receiveArgs: true,
  });
  addDevFolder(project, 'bench');
  // Results, verdicts and history are per-run outputs; a baseline is committed only when it comes from a real run.
  project.gitignore.exclude('/bench/bench_results.json', '/bench/verdict.json', '/bench/history.json', '/bench/*.tmp-*');
}
