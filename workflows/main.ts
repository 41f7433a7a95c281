import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { benchmarkTableStep, mainBenchmarkSteps } from './bench-steps.js';
import { deploymentJobs } from './deployment-jobs.js';
import { buildImageStep, setupBuildxStep } from './docker-steps.js';
import { defineJob } from './job.js';
import {
  components, imageNamesStep, imageVariable, promoteStep, pullImagesByDigestStep, pushedImageEnv,
  registryLoginStep,
} from './registry-steps.js';
import {
  checkoutStep, downloadArtifactStep, jobResultsStep, nodeProjectSteps, testJob,
} from './steps.js';
import { documentationPaths, queueRuns, readOnlyContents } from './triggers.js';
import type { PlatformSettings } from '../projenrc/settings/index.js';

export const benchmarkArtifact = 'benchmark-results';

const benchmarkPassed = "needs.benchmark.result == 'success'";

/** Test, push, integration-test and benchmark the pushed images, promote them, deploy them stage by stage, summarize. */
export function mainWorkflow(settings: PlatformSettings): Workflow {
  const { registry } = settings;
  const test = testJob();

  /** Pushes each image once, under the commit's immutable `sha-<short>` tag; the tests that follow pull it by digest. */
  const buildAndPush = defineJob('build-and-push', {
    name: 'Build and Push',
    permissions: { contents: 'read', packages: 'write' },
    timeoutMinutes: 30,
    needs: [test],
    outputs: Object.fromEntries([
      ...components.flatMap((component) => [
        [`${component}-image`, `\${{ steps.image-names.outputs.${component} }}`],
        [`${component}-digest`, `\${{ steps.build-${component}.outputs.digest }}`],
      ]),
      ['tag', '${{ steps.image-names.outputs.tag }}'],
    ]),
    steps: [
      checkoutStep(),
      setupBuildxStep(),
      registryLoginStep(registry),
      imageNamesStep(registry),
      ...components.map((component) => buildImageStep(component, {
        pushTags: [`\${{ steps.image-names.outputs.${component} }}:\${{ steps.image-names.outputs.tag }}`],
      })),
    ],
  });

  /** A job that tests the pushed images: it may read packages, and finds the digests in its env. */
  const pullsPushedImages = { permissions: { contents: 'read', packages: 'read' }, env: pushedImageEnv() } as const;

  const benchmark = defineJob('benchmark', {
    name: 'Benchmark',
    ...pullsPushedImages,
    timeoutMinutes: 20,
    needs: [buildAndPush],
    steps: mainBenchmarkSteps(settings, benchmarkArtifact, [registryLoginStep(registry), pullImagesByDigestStep()]),
  });

  // The smoke script on a user-defined network: the gateway reaches the backend container by name.
  const integrationTest = defineJob('integration-test', {
    name: 'Integration Test',
    ...pullsPushedImages,
    timeoutMinutes: 20,
    needs: [buildAndPush],
    steps: [
      ...nodeProjectSteps(),
      registryLoginStep(registry),
      pullImagesByDigestStep(),
      new Step({ id: 'smoke', name: 'Docker smoke test', run: 'npm run docker:smoke -- --no-build --network bridge' }),
    ],
  });

  /** Runs only when both tests passed (the default of `needs`): the digests they tested become `:main` and `:latest`. */
  const promote = defineJob('promote', {
    name: 'Promote',
    permissions: { contents: 'read', packages: 'write' },
    timeoutMinutes: 10,
    needs: [buildAndPush, integrationTest, benchmark],
    env: pushedImageEnv(),
    steps: [setupBuildxStep(), registryLoginStep(registry), promoteStep()],
  });

  const deployments = deploymentJobs(settings, buildAndPush, promote);

  const releaseSummary = defineJob('release-summary', {
    name: 'Release Summary',
    permissions: {},
    timeoutMinutes: 5,
    if: 'always()',
    needs: [buildAndPush, benchmark, integrationTest, promote, ...deployments],
    env: {
      ...pushedImageEnv(),
      TAG: '${{ needs.build-and-push.outputs.tag }}',
      PROMOTED: "${{ needs.promote.result == 'success' && 'main, latest' || 'not promoted' }}",
    },
    steps: [
      new Step({
        id: 'images',
        name: 'Images and digests',
        run: [
          '{',
          '  echo "## Images"',
          '  echo "| image | tags | digest |"',
          '  echo "| --- | --- | --- |"',
          ...components.map((component) =>
            `  echo "| \${${imageVariable(component, 'IMAGE')}} | \${TAG}, \${PROMOTED} | \${${imageVariable(component, 'DIGEST')}} |"`),
          '} >> "$GITHUB_STEP_SUMMARY"',
        ].join('\n'),
      }),
      downloadArtifactStep(benchmarkArtifact, 'bench', benchmarkPassed),
      benchmarkTableStep(benchmarkPassed),
      jobResultsStep(),
    ],
  });

  return new Workflow('main', {
    name: 'Main',
    on: { push: { 'branches': [settings.branches.main], 'paths-ignore': documentationPaths } },
    permissions: readOnlyContents,
    // Queued, never cancelled: a cancelled run could leave :main of the two images from different commits.
    concurrency: queueRuns,
  }).addJobs([test, buildAndPush, benchmark, integrationTest, promote, ...deployments, releaseSummary]);
}
