import { Step } from '@github-actions-workflow-ts/lib';
import { images } from './docker-steps.js';
import { repositoryFiles, runtimeFiles } from './files.js';

export const gatewayUrl = `http://127.0.0.1:${images.gateway.port}`;

/** Left out of the results: the first requests after a container starts pay for JIT warm-up, not for our code. */
export const warmupRequests = 20;

export interface LoadOptions {
  /** Number of requests; a number or an expression (a `workflow_dispatch` input). */
  readonly requests: string;
  readonly concurrency: string;
}

/** `llm-bench run` against the gateway container; the options reach the script through `env`, never inline. */
export function benchRunStep(load: LoadOptions): Step {
  return new Step({
    id: 'bench-run',
    name: 'Run the benchmark',
    env: { GATEWAY_URL: gatewayUrl, REQUESTS: load.requests, CONCURRENCY: load.concurrency },
    run: [
      'npx llm-bench run --url "$GATEWAY_URL" -n "$REQUESTS" -c "$CONCURRENCY"',
      `  --warmup ${warmupRequests} --prompts ${repositoryFiles.prompts} -o ${runtimeFiles.results}`,
    ].join(' \\\n'),
  });
}

/** The headline numbers of a results file as a Markdown table in the job summary. */
export function benchmarkTableStep(condition?: string): Step {
  return new Step({
    id: 'benchmark-table',
    name: 'Benchmark table',
    ...(condition === undefined ? {} : { if: condition }),
    env: { RESULTS: runtimeFiles.results },
    run: [
      '{',
      '  echo "## Benchmark"',
      '  echo "| p50 ms | p95 ms | p99 ms | throughput req/s | error rate |"',
      '  echo "| --- | --- | --- | --- | --- |"',
      "  jq -r '[.latency_stats.p50_ms, .latency_stats.p95_ms, .latency_stats.p99_ms, .throughput_rps, .error_rate]"
        + ' | "| " + (map(tostring) | join(" | ")) + " |"\' "$RESULTS"',
      '} >> "$GITHUB_STEP_SUMMARY"',
    ].join('\n'),
  });
}
