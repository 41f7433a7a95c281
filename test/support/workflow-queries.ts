import type { GeneratedWorkflowTypes } from '@github-actions-workflow-ts/lib';
import type { WorkflowDocument } from '../../workflows/run-scripts.js';

export type JobDefinition = GeneratedWorkflowTypes.NormalJob;
export type StepDefinition = GeneratedWorkflowTypes.Step;

export function jobsOf(workflow: WorkflowDocument): Record<string, JobDefinition> {
  return (workflow.workflow.jobs ?? {}) as Record<string, JobDefinition>;
}

export function jobOf(workflow: WorkflowDocument, id: string): JobDefinition {
  const job = jobsOf(workflow)[id];
  if (job === undefined) throw new Error(`${workflow.filename ?? ''} has no job ${id}`);
  return job;
}

/** Steps are found by id, never by position, so inserting a step breaks no test. */
export function stepOf(job: JobDefinition, id: string): StepDefinition {
  const step = (job.steps ?? []).find((candidate) => candidate.id === id);
  if (step === undefined) throw new Error(`job ${job.name ?? ''} has no step ${id}`);
  return step;
}

export function needsOf(job: JobDefinition): string[] {
  if (job.needs === undefined) return [];
  return typeof job.needs === 'string' ? [job.needs] : [...job.needs];
}
