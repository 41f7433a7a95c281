import type { typescript } from 'projen';

/**
 * The mock LLM backend: its runtime and test dependencies, the `llm-backend`
 * bin, and the `backend` / `bench:backend` tasks.
 */
export function setupBackend(project: typescript.TypeScriptProject): void {
  // prom-client: the reference Prometheus client for Node; writing the text exposition format and
  // histogram maths ourselves would only add bugs.
  project.addDeps('prom-client@^15');
  // openai: the official SDK is the client the tests speak through, so we prove compatibility with what users run.
  // 7.x needs Node 22.
  project.addDevDeps('openai@^6');
  project.addBins({ 'llm-backend': 'lib/backend/cli.js' });
  project.addTask('backend', {
    description: 'Start the mock LLM backend (port 8001)',
    exec: 'tsx src/backend/cli.ts',
    receiveArgs: true,
  });
  const bench = project.addTask('bench:backend', {
    description: 'Benchmark the mock backend against a bare node:http server and check its latency model',
  });
  // Measures the compiled JavaScript that the bin and the Docker image run, not tsx's on-the-fly build.
  bench.spawn(project.compileTask);
  bench.exec('node lib/backend/bench/cli.js', { receiveArgs: true });
}
