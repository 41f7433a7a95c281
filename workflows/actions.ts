/**
 * Every third-party action the workflows use, pinned to a full commit SHA:
 * a tag can be moved to other code, a commit cannot. The version is what the
 * generated YAML shows in a comment beside the SHA. To upgrade, look up the
 * commit the new release tag points to and change both fields here.
 */
export interface PinnedAction {
  readonly repository: string;
  readonly sha: string;
  readonly version: string;
}

export const actions = {
  checkout: { repository: 'actions/checkout', sha: '11bd71901bbe5b1630ceea73d27597364c9af683', version: 'v4.2.2' },
  setupNode: { repository: 'actions/setup-node', sha: '49933ea5288caeca8642d1e84afbd3f7d6820020', version: 'v4.4.0' },
  uploadArtifact: {
    repository: 'actions/upload-artifact', sha: 'ea165f8d65b6e75b540449e92b4886f43607fa02', version: 'v4.6.2',
  },
  downloadArtifact: {
    repository: 'actions/download-artifact', sha: 'd3f86a106a0bac45b974a628896c90dbdf5c8093', version: 'v4.3.0',
  },
  // actions/download-artifact cannot pick "the last successful run of a workflow"; this action can.
  downloadArtifactFromRun: {
    repository: 'dawidd6/action-download-artifact', sha: 'bf251b5aa9c2f7eeb574a96ee720e24f801b7c11', version: 'v6',
  },
  setupBuildx: {
    repository: 'docker/setup-buildx-action', sha: 'b5ca514318bd6ebac0fb2aedd5d36ec1b5c232a2', version: 'v3.10.0',
  },
  buildPush: {
    repository: 'docker/build-push-action', sha: '263435318d21b8e681c14492fe198d362a7d2c83', version: 'v6.18.0',
  },
  login: { repository: 'docker/login-action', sha: '74a5d142397b4f367a81961eba4e8cd7edddf772', version: 'v3.4.0' },
  // Creates a kind cluster (kind itself, kubectl, the node image) for the PR workflow's Kubernetes job.
  kind: { repository: 'helm/kind-action', sha: 'a1b0e391336a6ee6713a0583f8c6240d70863de3', version: 'v1.12.0' },
  codecov: { repository: 'codecov/codecov-action', sha: '18283e04ce6e62d37312384ff67231eb8fd56d24', version: 'v5.4.3' },
} as const satisfies Record<string, PinnedAction>;

/** The `uses:` value of a pinned action. */
export function usesOf(action: PinnedAction): string {
  return `${action.repository}@${action.sha}`;
}
