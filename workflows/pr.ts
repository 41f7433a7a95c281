import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { buildImageJob, smokeTestSteps } from './docker-steps.js';
import { repositoryFiles } from './files.js';
import { defineJob } from './job.js';
import { kindJob } from './kubernetes-steps.js';
import { jobResultsStep, nodeProjectSteps, testJob } from './steps.js';
import { cancelSupersededRuns, documentationPaths, readOnlyContents } from './triggers.js';

const lint = defineJob('lint', {
  name: 'Lint',
  permissions: { contents: 'read' },
  timeoutMinutes: 10,
  steps: [
    ...nodeProjectSteps(),
    new Step({ id: 'eslint', name: 'ESLint', run: 'npm run eslint' }),
    new Step({ id: 'workflows-lint', name: 'actionlint and shellcheck', run: 'npm run workflows:lint' }),
    new Step({ id: 'drift', name: 'Generated files match .projenrc.ts', run: `npx tsx ${repositoryFiles.driftCheck}` }),
  ],
});

const test = testJob();
const buildGateway = buildImageJob('gateway');
const buildBackend = buildImageJob('backend');

const smokeTest = defineJob('smoke-test', {
  name: 'Smoke Test',
  permissions: { contents: 'read' },
  timeoutMinutes: 20,
  needs: [buildGateway, buildBackend],
  steps: smokeTestSteps(['--no-build']),
});

const kubernetes = kindJob([buildGateway, buildBackend]);

const summary = defineJob('pr-summary', {
  name: 'PR Summary',
  permissions: {},
  timeoutMinutes: 5,
  if: 'always()',
  needs: [lint, test, buildGateway, buildBackend, smokeTest, kubernetes],
  steps: [jobResultsStep()],
});

export const prWorkflow = new Workflow('pr', {
  name: 'PR',
  on: {
    pull_request: { 'branches': ['main', 'develop'], 'paths-ignore': documentationPaths },
  },
  permissions: readOnlyContents,
  concurrency: cancelSupersededRuns,
}).addJobs([lint, test, buildGateway, buildBackend, smokeTest, kubernetes, summary]);
