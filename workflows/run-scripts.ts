import type { Workflow } from '@github-actions-workflow-ts/lib';

/** A workflow as the library builds it, or as its YAML file reads back. */
export type WorkflowDocument = Pick<Workflow, 'filename' | 'workflow'>;

export interface RunScript {
  readonly workflow: string;
  readonly job: string;
  /** The step's id, else its name. */
  readonly step: string;
  readonly script: string;
}

/** Every `run:` script of a workflow, labelled with where it is. */
export function listRunScripts(workflow: WorkflowDocument): RunScript[] {
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
