import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { benchmarkTableStep, mainBenchmarkSteps } from './bench-steps.js';
import { buildImageStep, setupBuildxStep } from './docker-steps.js';
import { defineJob } from './job.js';
import { clusterSmokeStep, deployStep, stagingEnvironment } from './kubernetes-steps.js';
import {
  components, imageNamesStep, imageVariable, promoteStep, pullImagesByDigestStep, pushedImageEnv,
  registryLoginStep,
} from './registry-steps.js';
import {
  checkoutStep, downloadArtifactStep, jobResultsStep, nodeProjectSteps, testJob,
} from './steps.js';
import { documentationPaths, queueRuns, readOnlyContents } from './triggers.js';

export const benchmarkArtifact = 'benchmark-results';

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
    registryLoginStep(),
    imageNamesStep(),
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
  steps: mainBenchmarkSteps(benchmarkArtifact, [registryLoginStep(), pullImagesByDigestStep()]),
});

// The smoke script on a user-defined network: the gateway reaches the backend container by name.
const integrationTest = defineJob('integration-test', {
  name: 'Integration Test',
  ...pullsPushedImages,
  timeoutMinutes: 20,
  needs: [buildAndPush],
  steps: [
    ...nodeProjectSteps(),
    registryLoginStep(),
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
  steps: [setupBuildxStep(), registryLoginStep(), promoteStep()],
});

const kubeconfigPresent = "steps.kubeconfig.outputs.present == 'true'";

/**
 * Applies k8s/staging with the promoted digests, waits for the rollouts and
 * smoke-tests through the gateway Service. Its concurrency group never
 * cancels a deployment half applied; without a KUBECONFIG secret in the
 * staging environment it passes with a notice instead of failing.
 */
const deployStaging = defineJob('deploy-staging', {
  name: 'Deploy Staging',
  permissions: { contents: 'read' },
  timeoutMinutes: 20,
  needs: [buildAndPush, promote],
  environment: stagingEnvironment.name,
  concurrency: { 'group': 'deploy-staging', 'cancel-in-progress': false },
  env: pushedImageEnv(),
  steps: [
    new Step({
      id: 'kubeconfig',
      name: 'Write the kubeconfig',
      // Secrets cannot appear in `if:`; the kubeconfig goes to a file only this job's kubectl reads.
      env: { KUBECONFIG_CONTENT: '${{ secrets.KUBECONFIG }}' },
      run: [
        'if [ -z "$KUBECONFIG_CONTENT" ]; then',
        '  echo "::notice title=Deploy Staging skipped::no KUBECONFIG secret in the staging environment"',
        '  echo "present=false" >> "$GITHUB_OUTPUT"',
        '  exit 0',
        'fi',
        'kubeconfig="$RUNNER_TEMP/kubeconfig"',
        '(umask 077 && printf \'%s\\n\' "$KUBECONFIG_CONTENT" > "$kubeconfig")',
        'echo "KUBECONFIG=$kubeconfig" >> "$GITHUB_ENV"',
        'echo "present=true" >> "$GITHUB_OUTPUT"',
      ].join('\n'),
    }),
    ...nodeProjectSteps().map((step) => conditional(step, kubeconfigPresent)),
    deployStep({ if: kubeconfigPresent }),
    clusterSmokeStep(undefined, { if: kubeconfigPresent }),
  ],
});

function conditional(step: Step, condition: string): Step {
  return new Step({ ...step.step, if: condition });
}

const benchmarkPassed = "needs.benchmark.result == 'success'";

const releaseSummary = defineJob('release-summary', {
  name: 'Release Summary',
  permissions: {},
  timeoutMinutes: 5,
  if: 'always()',
  needs: [buildAndPush, benchmark, integrationTest, promote, deployStaging],
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

export const mainWorkflow = new Workflow('main', {
  name: 'Main',
  on: { push: { 'branches': ['main'], 'paths-ignore': documentationPaths } },
  permissions: readOnlyContents,
  // Queued, never cancelled: a cancelled run could leave :main of the two images from different commits.
  concurrency: queueRuns,
}).addJobs([test, buildAndPush, benchmark, integrationTest, promote, deployStaging, releaseSummary]);
