import type { typescript } from 'projen';
import { addDevFolder } from './dev-folder.js';

/**
 * The development benchmarks in bench/ (not shipped): `bench:backend`,
 * `bench:gateway`, `bench:answer-check`, `bench:loadgen`, `bench:gate`, `bench:changes`. Each prints ratios measured side by side
 * in interleaved rounds; docs/benchmarks.md holds their results.
 */
export function setupBenchmarks(project: typescript.TypeScriptProject): void {
  // autocannon is the reference load generator the benchmarks measure against (and drive the gateway with).
  project.addDevDeps('autocannon', '@types/autocannon');
  addDevFolder(project, 'bench');
  project.addTask('bench:backend', {
    description: 'Benchmark the mock backend against a bare node:http server and check its latency model',
    exec: 'tsx bench/backend/cli.ts',
    receiveArgs: true,
  });
  const gateway = project.addTask('bench:gateway', {
    description: 'Benchmark the compiled gateway against direct calls to the compiled mock backend (loopback, interleaved rounds)',
  });
  // Measures the JavaScript users deploy (lib/, as the bin and the Docker image run it), not tsx's transpiled copy.
  gateway.spawn(project.compileTask);
  gateway.exec('tsx bench/gateway-benchmark.ts', { receiveArgs: true });
  const answerCheck = project.addTask('bench:answer-check', {
    description: 'Measure the gateway\'s CPU per request with non-streaming answers checked and unchecked (compiled, interleaved rounds)',
  });
  answerCheck.spawn(project.compileTask);
  answerCheck.exec('tsx bench/answer-check-benchmark.ts', { receiveArgs: true });
  project.addTask('bench:loadgen', {
    description: 'Benchmark llm-bench run against autocannon and the compare gate against the plain threshold rule',
    exec: 'tsx bench/loadgen-benchmark.ts',
    receiveArgs: true,
  });
  project.addTask('bench:changes', {
    description: 'Measure change-point detection: run-to-run noise of real compiled runs, then a +10% step and flat histories of 60 nights with it',
    // Compiles first: the noise is measured on the JavaScript the nightly runs (lib/), as bench:gate does.
    steps: [{ spawn: project.compileTask.name }, { exec: 'tsx bench/change-point-benchmark.ts', receiveArgs: true }],
  });
  project.addTask('bench:gate', {
    description: 'Measure the gate (compare of consecutive runs, llm-bench ab): A/A false alarms and detection of injected changes on real compiled gateways and mocks (about 35 minutes)',
    // Compiles first: it measures the JavaScript the nightly runs (lib/), as bench:gateway does.
    steps: [{ spawn: project.compileTask.name }, { exec: 'tsx bench/gate-benchmark.ts', receiveArgs: true }],
  });
}
