import { JsonFile, type typescript } from 'projen';
import { z } from 'zod';
import { addDevFolder } from './dev-folder.js';
import { historySchema } from '../src/bench/result/history-file.js';
import { resultSchema } from '../src/bench/result/result-schema.js';
import { verdictSchema } from '../src/bench/result/verdict-schema.js';

/** The published contract of llm-bench's files, generated from the zod schemas its readers and writers use. */
function publishFileSchemas(project: typescript.TypeScriptProject): void {
  for (const [name, schema] of [['result', resultSchema], ['verdict', verdictSchema], ['history', historySchema]] as const) {
    new JsonFile(project, `docs/schemas/llm-bench-${name}.schema.json`, { obj: z.toJSONSchema(schema) });
  }
}

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
  project.addTask('bench:gate', {
    description: 'Measure the gate: A/A false alarms and detection of injected changes on real compiled gateways and mocks (about 25 minutes)',
    // Compiles first: it measures the JavaScript the nightly runs (lib/), as bench:gateway does.
    steps: [{ spawn: project.compileTask.name }, { exec: 'tsx bench/gate-benchmark.ts', receiveArgs: true }],
  });
  project.addTask('bench', {
    description: 'Run the bench CLI from source (llm-bench run|compare|issue)',
    exec: 'tsx src/bench/cli.ts',
    receiveArgs: true,
  });
  addDevFolder(project, 'bench');
  publishFileSchemas(project);
  // Results, verdicts and history are per-run outputs; a baseline is committed only when it comes from a real run.
  project.gitignore.exclude(
    '/bench/bench_results.json', '/bench/verdict.json', '/bench/history.json', '/bench/*.tmp-*',
    '/bench/results-*.json', '/bench/direct-*.json', '/bench/verdict-*.json', '/bench/benchmark.md',
  );
}
