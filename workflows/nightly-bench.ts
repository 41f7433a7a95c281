import { Step, Workflow, type NormalJob } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { benchRunStep } from './bench-steps.js';
import { removeContainersStep, startGatewaySteps } from './docker-steps.js';
import { runtimeFiles } from './files.js';
import { defineJob } from './job.js';
import { compileStep, downloadArtifactStep, nodeProjectSteps, uploadArtifactStep } from './steps.js';
import { readOnlyContents } from './triggers.js';

export const nightlyLoad = { requests: 500, concurrency: 4 } as const;
export const baselineArtifact = 'bench-baseline';
export const resultsArtifact = 'nightly-bench-results';
const workflowFile = 'nightly-bench.yml';

/**
 * The gate's rules, in percent, passed explicitly so a change of the CLI's
 * defaults cannot move the gate unseen: FAIL when p95 latency regresses by
 * more than 20% (and the bootstrap interval says it is real) or the error
 * rate exceeds 1%; WARN on a 10% p95, 15% p50 or 15% throughput change.
 */
export const compareThresholds = {
  'fail-p95-pct': 20,
  'max-error-rate-pct': 1,
  'warn-p95-pct': 10,
  'warn-p50-pct': 15,
  'warn-throughput-pct': 15,
} as const;

/**
 * Gates on the comparison and records its exit code as an output, so the
 * report jobs can tell a regression (1) from a run that broke earlier. On a
 * verdict that does not fail, `--set-baseline` makes these results the new baseline.
 */
function compareStep(): Step {
  return new Step({
    id: 'compare',
    name: 'Compare with the baseline',
    env: { BASELINE: runtimeFiles.baseline },
    run: [
      'first_run=()',
      'if [ ! -f "$BASELINE" ]; then',
      '  echo "::notice::No baseline from an earlier successful nightly run: this run sets it."',
      '  first_run=(--allow-missing-baseline)',
      'fi',
      'status=0',
      [
        `npx llm-bench compare --current ${runtimeFiles.results} --baseline ${runtimeFiles.baseline}`,
        `  --json ${runtimeFiles.verdict} --history ${runtimeFiles.history} --set-baseline`,
        `  ${Object.entries(compareThresholds).map(([flag, value]) => `--${flag} ${value}`).join(' ')}`,
        '  "${first_run[@]}" || status=$?',
      ].join(' \\\n'),
      'echo "exit-code=$status" >> "$GITHUB_OUTPUT"',
      'exit "$status"',
    ].join('\n'),
  });
}

const benchmark = defineJob('benchmark', {
  name: 'Benchmark',
  // actions: read lets the baseline step list earlier runs and download their artifacts.
  permissions: { contents: 'read', actions: 'read' },
  timeoutMinutes: 45,
  outputs: { 'compare-exit-code': '${{ steps.compare.outputs.exit-code }}' },
  steps: [
    ...nodeProjectSteps(),
    compileStep(),
    new Step({
      id: 'baseline',
      name: 'Download the baseline of the last successful nightly run',
      uses: usesOf(actions.downloadArtifactFromRun),
      with: {
        workflow: workflowFile,
        workflow_conclusion: 'success',
        branch: 'main',
        name: baselineArtifact,
        path: 'bench',
        if_no_artifact_found: 'warn',
      },
    }),
    ...startGatewaySteps(),
    benchRunStep({
      requests: `\${{ inputs.requests || ${nightlyLoad.requests} }}`,
      concurrency: `\${{ inputs.concurrency || ${nightlyLoad.concurrency} }}`,
    }),
    compareStep(),
    uploadArtifactStep({
      id: 'upload-results',
      name: resultsArtifact,
      paths: [runtimeFiles.results, runtimeFiles.verdict],
      retentionDays: 90,
      if: "always() && steps.bench-run.outcome == 'success'",
    }),
    uploadArtifactStep({
      id: 'upload-baseline',
      name: baselineArtifact,
      paths: [runtimeFiles.baseline, runtimeFiles.history],
      retentionDays: 365,
    }),
    removeContainersStep(['gateway']),
  ],
});

/** Opens or comments on the benchmark issue (failure), or closes open ones (success). */
function reportJob(outcome: 'failure' | 'success', needs: NormalJob): NormalJob {
  return defineJob(`report-${outcome}`, {
    name: outcome === 'failure' ? 'Report Failure' : 'Report Success',
    permissions: { contents: 'read', issues: 'write' },
    timeoutMinutes: 10,
    needs: [needs],
    if: outcome === 'failure' ? "failure() && needs.benchmark.outputs.compare-exit-code == '1'" : 'success()',
    steps: [
      ...nodeProjectSteps(),
      compileStep(),
      downloadArtifactStep(resultsArtifact, 'bench'),
      new Step({
        id: 'issue',
        name: outcome === 'failure' ? 'Open or update the benchmark issue' : 'Close open benchmark issues',
        env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
        run: `npx llm-bench issue --verdict ${runtimeFiles.verdict}`,
      }),
    ],
  });
}

export const nightlyBenchWorkflow = new Workflow('nightly-bench', {
  name: 'Nightly Benchmark',
  on: {
    schedule: [{ cron: '0 2 * * *' }],
    workflow_dispatch: {
      inputs: {
        requests: {
          description: 'Number of requests', type: 'number', required: false, default: nightlyLoad.requests,
        },
        concurrency: {
          description: 'Requests in flight at once', type: 'number', required: false, default: nightlyLoad.concurrency,
        },
      },
    },
  },
  permissions: readOnlyContents,
  // Queued, never cancelled: two benchmarks at once would slow each other down and race on the baseline.
  concurrency: { 'group': 'nightly-bench', 'cancel-in-progress': false },
}).addJobs([benchmark, reportJob('failure', benchmark), reportJob('success', benchmark)]);
