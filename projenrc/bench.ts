import { JsonFile, type typescript } from 'projen';
import { z } from 'zod';
import { historySchema } from '../src/bench/result/history-file.js';
import { historyVerdictSchema } from '../src/bench/result/history-verdict-schema.js';
import { resultSchema } from '../src/bench/result/result-schema.js';
import { verdictSchema } from '../src/bench/result/verdict-schema.js';

/** The published contract of llm-bench's files, generated from the zod schemas its readers and writers use. */
function publishFileSchemas(project: typescript.TypeScriptProject): void {
  const schemas = [['result', resultSchema], ['verdict', verdictSchema], ['history', historySchema], ['history-verdict', historyVerdictSchema]] as const;
  for (const [name, schema] of schemas) {
    new JsonFile(project, `docs/schemas/llm-bench-${name}.schema.json`, { obj: z.toJSONSchema(schema) });
  }
}

/**
 * The bench CLI (`llm-bench run|compare|ab|history|issue`), the `llm-bench` task that runs
 * it from source, and the bench/ outputs that must never be committed by accident.
 */
export function setupBench(project: typescript.TypeScriptProject): void {
  project.addBins({ 'llm-bench': 'lib/bench/cli.js' });
  project.addTask('llm-bench', {
    description: 'Run the llm-bench CLI from source (llm-bench run|compare|ab|history|issue)',
    exec: 'tsx src/bench/cli.ts',
    receiveArgs: true,
  });
  publishFileSchemas(project);
  // Results, verdicts and history are per-run outputs; a baseline is committed only when it comes from a real run.
  project.gitignore.exclude(
    '/bench/bench_results.json', '/bench/verdict.json', '/bench/history.json', '/bench/*.tmp-*',
    '/bench/results-*.json', '/bench/direct-*.json', '/bench/verdict-*.json', '/bench/benchmark.md',
  );
}
