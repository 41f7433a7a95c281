import type { GeneratedWorkflowTypes } from '@github-actions-workflow-ts/lib';

/** Changes to these alone cannot change what CI checks, so they start no run. */
export const documentationPaths: [string, ...string[]] = ['**.md', 'docs/**', 'LICENSE'];

/** A newer run of the same workflow on the same ref makes the older one pointless. */
export const cancelSupersededRuns: GeneratedWorkflowTypes.Concurrency = {
  'group': '${{ github.workflow }}-${{ github.ref }}',
  'cancel-in-progress': true,
};

/** Every job widens this default itself, and only as far as it needs. */
export const readOnlyContents: GeneratedWorkflowTypes.PermissionsEvent = { contents: 'read' };

/** Runs of the same workflow and ref wait for each other; none is cancelled midway. */
export const queueRuns: GeneratedWorkflowTypes.Concurrency = {
  'group': '${{ github.workflow }}-${{ github.ref }}',
  'cancel-in-progress': false,
};
