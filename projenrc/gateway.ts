import type { typescript } from 'projen';

/**
 * The gateway: its runtime and test dependencies, the `llm-gateway` bin, the
 * `bench:gateway` script and the import boundaries between gateway and backend.
 */
export function setupGateway(project: typescript.TypeScriptProject): void {
  // prom-client is the Prometheus client every Node exporter uses; writing the exposition format ourselves buys nothing.
  project.addDeps('prom-client@^15');
  // The official SDK is the client the gateway must satisfy (6.x: 7.x needs Node 22); autocannon drives the benchmark.
  project.addDevDeps('openai@^6', 'autocannon', '@types/autocannon');
  project.addBins({ 'llm-gateway': 'lib/gateway/cli.js' });
  project.addTask('bench:gateway', {
    description: 'Benchmark the gateway against direct calls to the mock backend (loopback, interleaved rounds)',
    exec: 'tsx test/bench/gateway-bench.ts',
    receiveArgs: true,
  });
  project.eslint?.addRules({
    'import/no-restricted-paths': ['error', {
      zones: [
        // Only the gateway's composition root may start an embedded mock backend.
        { target: './src/gateway/**/!(cli).ts', from: './src/backend', message: 'only src/gateway/cli.ts may use the mock backend' },
        { target: './src/backend', from: './src/gateway', message: 'the mock backend must not depend on the gateway' },
      ],
    }],
  });
}
