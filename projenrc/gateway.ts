import type { typescript } from 'projen';

/**
 * The gateway: its runtime and test dependencies, the `llm-gateway` bin, the
 * `bench:gateway` script.
 */
export function setupGateway(project: typescript.TypeScriptProject): void {
  // prom-client is the Prometheus client every Node exporter uses; writing the exposition format ourselves buys nothing.
  project.addDeps('prom-client@^15');
  // The official SDK is the client the gateway must satisfy (6.x: 7.x needs Node 22); autocannon drives the benchmark.
  project.addDevDeps('openai@^6', 'autocannon', '@types/autocannon');
  project.addBins({ 'llm-gateway': 'lib/gateway/cli.js' });
  const bench = project.addTask('bench:gateway', {
    description: 'Benchmark the compiled gateway against direct calls to the compiled mock backend (loopback, interleaved rounds)',
  });
  // Measures the JavaScript users deploy (lib/, as the bin and the Docker image run it), not tsx's transpiled copy.
  bench.spawn(project.compileTask);
  bench.exec('tsx bench/gateway-benchmark.ts', { receiveArgs: true });
  const answerCheck = project.addTask('bench:answer-check', {
    description: 'Measure the gateway\'s CPU per request with non-streaming answers checked and unchecked (compiled, interleaved rounds)',
  });
  answerCheck.spawn(project.compileTask);
  answerCheck.exec('tsx bench/answer-check-benchmark.ts', { receiveArgs: true });
}
