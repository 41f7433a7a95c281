import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { baselineImageSteps } from './baseline-image-steps.js';
import { benchSetupSteps, defaultLoad, measurementOutcomeStep, scenarioSteps } from './bench-steps.js';
import { runtimeFiles, scenarioFiles } from './files.js';
import { historyStep } from './history-steps.js';
import { defineJob } from './job.js';
import { compileStep, downloadArtifactStep, nodeProjectSteps, uploadArtifactStep } from './steps.js';
import { readOnlyContents } from './triggers.js';
import type { PlatformSettings } from '../projenrc/settings/index.js';
import { scenarioNames } from '../src/bench/scenario/scenarios.js';

export const baselineArtifact = 'bench-baseline';
export const resultsArtifact = 'nightly-bench-results';
const workflowFile = 'nightly-bench.yml';

/**
 * Every night: each scenario measured on tonight's build, judged by the A/B
 * against the baseline build (else across days), change points over the
 * history, and the issue opened, updated or closed. The schedule, branch,
 * limits, loads and retention are the settings'.
 */
export function nightlyBenchWorkflow(settings: PlatformSettings): Workflow {
  const mainBranch = settings.branches.main;
  /** Report jobs act for main only: a dispatch on a feature branch must never open or close main's issues. */
  const onMain = `github.ref == 'refs/heads/${mainBranch}'`;

  const benchmark = defineJob('benchmark', {
    name: 'Benchmark',
    // actions: read lets the baseline step list earlier runs and download their artifacts;
    // packages: read pulls the baseline build's gateway image from GHCR.
    permissions: { contents: 'read', actions: 'read', packages: 'read' },
    timeoutMinutes: 45,
    outputs: {
      'measured': '${{ steps.outcome.outputs.measured }}',
      'failure-reason': '${{ steps.outcome.outputs.failure-reason }}',
      'verdicts': '${{ steps.outcome.outputs.verdicts }}',
      'cross-day': '${{ steps.outcome.outputs.cross-day }}',
      'baseline-commit': '${{ steps.baseline-commit.outputs.commit }}',
    },
    steps: [
      ...benchSetupSteps(),
      new Step({
        id: 'baseline',
        name: `Download the baselines of the last successful nightly run on ${mainBranch}`,
        if: `\${{ ${defaultLoad} }}`,
        uses: usesOf(actions.downloadArtifactFromRun),
        with: {
          workflow: workflowFile,
          workflow_conclusion: 'success',
          branch: mainBranch,
          name: baselineArtifact,
          path: 'bench',
          if_no_artifact_found: 'warn',
        },
      }),
      ...baselineImageSteps(settings.registry, defaultLoad),
      ...scenarioSteps(settings, { short: false, compare: true, markdown: '"$GITHUB_STEP_SUMMARY"', imageStepIds: ['build-gateway', 'build-backend'] }),
      measurementOutcomeStep(),
      historyStep(),
      uploadArtifactStep({
        id: 'upload-results',
        name: resultsArtifact,
        paths: [
          ...scenarioNames.flatMap((name) => [scenarioFiles(name).results, scenarioFiles(name).verdict, scenarioFiles(name).abVerdict]),
          runtimeFiles.history,
          runtimeFiles.historyVerdict,
        ],
        retentionDays: settings.retentionDays.results,
        if: "always() && steps.outcome.outputs.measured == 'true'",
      }),
      uploadArtifactStep({
        id: 'upload-baseline',
        name: baselineArtifact,
        paths: [...scenarioNames.map((name) => scenarioFiles(name).baseline), runtimeFiles.history],
        retentionDays: settings.retentionDays.baselines,
        // A dispatch with other inputs measured another load: it never becomes the baseline.
        if: `\${{ always() && steps.outcome.outputs.measured == 'true' && ${defaultLoad} }}`,
      }),
    ],
  });

  /**
   * One report job: the deciding verdicts (A/B's where it ran, else compare's;
   * pass/fail decided there) open, update or close the benchmark-failure issue,
   * with the cross-day lines, the chart, the suspect commits and how to
   * reproduce; a run that could not measure opens the benchmark-infra issue
   * instead. Never silent, never for another branch.
   */
  const report = defineJob('report', {
    name: 'Report',
    permissions: { contents: 'read', issues: 'write' },
    timeoutMinutes: 10,
    needs: [benchmark],
    if: `\${{ always() && ${onMain} && ${defaultLoad} }}`,
    env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
    steps: [
      ...nodeProjectSteps(),
      compileStep(),
      downloadArtifactStep(resultsArtifact, 'bench', "needs.benchmark.outputs.measured == 'true'"),
      new Step({
        id: 'issue',
        name: 'Open, update or close the benchmark-failure issue',
        if: "needs.benchmark.outputs.measured == 'true'",
        env: {
          VERDICTS: '${{ needs.benchmark.outputs.verdicts }}',
          CROSS_DAY: '${{ needs.benchmark.outputs.cross-day }}',
          BASELINE_COMMIT: '${{ needs.benchmark.outputs.baseline-commit }}',
        },
        run: [
          'flags=()',
          'if [ -n "$CROSS_DAY" ]; then flags+=(--cross-day "$CROSS_DAY"); fi',
          'if [ -n "$BASELINE_COMMIT" ]; then flags+=(--baseline-commit "$BASELINE_COMMIT"); fi',
          // The change-point verdict joins the scenarios' when the history step wrote one.
          `judged=$VERDICTS; if [ -f ${runtimeFiles.historyVerdict} ]; then judged+=,${runtimeFiles.historyVerdict}; fi`,
          `npx llm-bench issue --verdict "$judged" --history ${runtimeFiles.history} "\${flags[@]}"`,
        ].join('\n'),
      }),
      new Step({
        id: 'could-not-run',
        name: 'Open or update the benchmark-infra issue',
        if: "needs.benchmark.outputs.measured != 'true'",
        env: {
          REASON: "${{ needs.benchmark.outputs.failure-reason || format('the benchmark job ended with {0} before it could say why', needs.benchmark.result) }}",
        },
        run: 'npx llm-bench issue --could-not-run "$REASON"',
      }),
    ],
  });

  return new Workflow('nightly-bench', {
    name: 'Nightly Benchmark',
    on: {
      schedule: [{ cron: settings.nightly.schedule }],
      workflow_dispatch: {
        inputs: {
          short: {
            description: "Run the scenarios' short form (a different load: it is not compared, reported or kept as the baseline)",
            type: 'boolean',
            required: false,
            default: false,
          },
        },
      },
    },
    permissions: readOnlyContents,
    // Queued, never cancelled: two benchmarks at once would slow each other down and race on the baseline.
    concurrency: { 'group': 'nightly-bench', 'cancel-in-progress': false },
  }).addJobs([benchmark, report]);
}
