import type { Workflow } from '@github-actions-workflow-ts/lib';

export interface RunScript {
  readonly workflow: string;
  readonly job: string;
  /** The step's id, else its name. */
  readonly step: string;
  readonly script: string;
}

/** Every `run:` script of a workflow, labelled with where it is. */
export function listRunScripts(workflow: Workflow): RunScript[] {
  return Object.entries(workflow.workflow.jobs ?? {}).flatMap(([job, definition]) => {
    const steps = 'steps' in definition ? definition.steps ?? [] : [];
    return steps.flatMap((step, index) => (step.run === undefined ? [] : [{
      workflow: workflow.filename ?? '',
      job,
      step: step.id ?? step.name ?? `#${index + 1}`,
      script: step.run,
    }]));
  });
}
