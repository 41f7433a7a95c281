import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { benchmarkTableStep, mainBenchmarkSteps } from './bench-steps.js';
import {
  buildImageStep, images, setupBuildxStep, smokeTestSteps, type Component,
} from './docker-steps.js';
import { defineJob } from './job.js';
import {
  checkoutStep, downloadArtifactStep, jobResultsStep, testJob,
} from './steps.js';
import { cancelSupersededRuns, documentationPaths, readOnlyContents } from './triggers.js';

const registry = 'ghcr.io';
const components: readonly Component[] = ['gateway', 'backend'];
export const benchmarkArtifact = 'benchmark-results';

const test = testJob();

const buildAndPush = defineJob('build-and-push', {
  name: 'Build and Push',
  permissions: { contents: 'read', packages: 'write' },
  timeoutMinutes: 30,
  needs: [test],
  outputs: Object.fromEntries(components.flatMap((component) => [
    [`${component}-image`, `\${{ steps.image-names.outputs.${component} }}`],
    [`${component}-digest`, `\${{ steps.build-${component}.outputs.digest }}`],
  ])),
  steps: [
    checkoutStep(),
    setupBuildxStep(),
    new Step({
      id: 'login',
      name: 'Log in to GitHub Container Registry',
      uses: usesOf(actions.login),
      with: { registry, username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' },
    }),
    new Step({
      id: 'image-names',
      name: 'Image names',
      env: { OWNER: '${{ github.repository_owner }}' },
      // Registry repository names must be lower case; owners need not be.
      run: components
        .map((component) => `echo "${component}=${registry}/\${OWNER,,}/${images[component].name}" >> "$GITHUB_OUTPUT"`)
        .join('\n'),
    }),
    ...components.map((component) => buildImageStep(component, {
      pushTags: ['${{ github.sha }}', 'main'].map((tag) => `\${{ steps.image-names.outputs.${component} }}:${tag}`),
    })),
  ],
});

const benchmark = defineJob('benchmark', {
  name: 'Benchmark',
  permissions: { contents: 'read' },
  timeoutMinutes: 20,
  needs: [buildAndPush],
  steps: mainBenchmarkSteps(benchmarkArtifact),
});

// The smoke script on a user-defined network: the gateway reaches the backend container by name.
const integrationTest = defineJob('integration-test', {
  name: 'Integration Test',
  permissions: { contents: 'read' },
  timeoutMinutes: 20,
  needs: [buildAndPush],
  steps: smokeTestSteps(['--no-build', '--network bridge']),
});

const benchmarkPassed = "needs.benchmark.result == 'success'";

const releaseSummary = defineJob('release-summary', {
  name: 'Release Summary',
  permissions: {},
  timeoutMinutes: 5,
  if: 'always()',
  needs: [buildAndPush, benchmark, integrationTest],
  env: Object.fromEntries(components.flatMap((component) => [
    [`${component.toUpperCase()}_IMAGE`, `\${{ needs.build-and-push.outputs.${component}-image }}`],
    [`${component.toUpperCase()}_DIGEST`, `\${{ needs.build-and-push.outputs.${component}-digest }}`],
  ])),
  steps: [
    new Step({
      id: 'images',
      name: 'Images and digests',
      run: [
        '{',
        '  echo "## Images"',
        '  echo "| image | tags | digest |"',
        '  echo "| --- | --- | --- |"',
        ...components.map((component) => {
          const prefix = component.toUpperCase();
          return `  echo "| \${${prefix}_IMAGE} | \${GITHUB_SHA}, main | \${${prefix}_DIGEST} |"`;
        }),
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
  concurrency: cancelSupersededRuns,
}).addJobs([test, buildAndPush, benchmark, integrationTest, releaseSummary]);
