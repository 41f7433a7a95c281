import { NormalJob, type GeneratedWorkflowTypes, type Step } from '@github-actions-workflow-ts/lib';

export type JobPermissions = GeneratedWorkflowTypes.PermissionsEvent;

/**
 * What every job must say. `permissions` and `timeoutMinutes` are required so
 * that a job without least privilege or without a time bound is a type error,
 * not a review comment.
 */
export interface JobSpec {
  readonly name: string;
  readonly permissions: JobPermissions;
  readonly timeoutMinutes: number;
  readonly steps: readonly [Step, ...Step[]];
  readonly needs?: readonly NormalJob[];
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly outputs?: Record<string, string>;
  /** A deployment environment: its protection rules and secrets apply to the job. */
  readonly environment?: string;
  readonly concurrency?: GeneratedWorkflowTypes.Concurrency;
}

/** Runner image pinned by version so an image upgrade is a visible change here. */
export const runner = 'ubuntu-24.04';

export function defineJob(id: string, spec: JobSpec): NormalJob {
  const job = new NormalJob(id, {
    'name': spec.name,
    'runs-on': runner,
    'permissions': spec.permissions,
    'timeout-minutes': spec.timeoutMinutes,
    ...(spec.if === undefined ? {} : { if: spec.if }),
    ...(spec.env === undefined ? {} : { env: spec.env }),
    ...(spec.outputs === undefined ? {} : { outputs: spec.outputs }),
    ...(spec.environment === undefined ? {} : { environment: spec.environment }),
    ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
  });
  if (spec.needs !== undefined) job.needs([...spec.needs]);
  return job.addSteps([...spec.steps]);
}
