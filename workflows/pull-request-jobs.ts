import { Step, type NormalJob } from '@github-actions-workflow-ts/lib';
import { usesOf } from './actions.js';
import { defineJob } from './job.js';
import { nodeProjectSteps } from './steps.js';
import { SettingsError, type PullRequestJob, type PullRequestStep } from '../projenrc/settings/index.js';

function stepOf(step: PullRequestStep): Step {
  return new Step({
    id: step.id,
    name: step.name,
    ...(step.env === undefined ? {} : { env: step.env }),
    ...(step.run === undefined ? {} : { run: step.run }),
    ...(step.uses === undefined ? {} : { uses: usesOf(step.uses) }),
    ...(step.with === undefined ? {} : { with: step.with }),
  });
}

/**
 * The PR jobs of platform.config.ts (`pullRequest.jobs`), each defined as the
 * project's own are: its permissions and time bound, then checkout (no
 * persisted token), Node.js with the npm cache and `npm ci` before its steps.
 * A job may need the workflow's own jobs (`builtIn`) and the ones listed
 * before it; one that would replace a job (or take the id of one defined
 * after these, `laterIds`), or needs one that is not there, is a bad setting.
 */
export function pullRequestJobs(jobs: readonly PullRequestJob[], builtIn: readonly NormalJob[], laterIds: readonly string[]): NormalJob[] {
  const defined = new Map(builtIn.map((job) => [job.name, job]));
  const taken = (id: string) => defined.has(id) || laterIds.includes(id);
  const problems: string[] = [];
  jobs.forEach((job, index) => {
    const path = `pullRequest.jobs[${index}]`;
    if (taken(job.id)) problems.push(`${path}.id: '${job.id}' is a job of the PR workflow already (${[...defined.keys(), ...laterIds].join(', ')})`);
    const missing = job.needs.filter((id) => !defined.has(id));
    if (missing.length > 0) problems.push(`${path}.needs: ${missing.map((id) => `'${id}'`).join(', ')} is not a job of the PR workflow before it`);
    if (taken(job.id) || missing.length > 0) return;
    defined.set(job.id, defineJob(job.id, {
      name: job.name,
      permissions: job.permissions,
      timeoutMinutes: job.timeoutMinutes,
      ...(job.needs.length === 0 ? {} : { needs: job.needs.map((id) => defined.get(id)!) }),
      steps: [...nodeProjectSteps(), ...job.steps.map(stepOf)],
    }));
  });
  if (problems.length > 0) throw new SettingsError(problems);
  return jobs.map((job) => defined.get(job.id)!);
}
