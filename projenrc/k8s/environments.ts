/**
 * The environments the manifests are written for, one folder each under
 * k8s/. An environment differs only in what is listed here; everything else
 * (probes, security, drain timing) is the same everywhere on purpose.
 */
export interface Environment {
  readonly name: 'staging' | 'production';
  readonly namespace: string;
  readonly gateway: { readonly minReplicas: number; readonly maxReplicas: number };
  readonly backendReplicas: number;
  /**
   * The images the committed YAML pins: an immutable `:sha-<commit>` tag or
   * a digest, never a moving tag. A deploy passes the images it just tested
   * to `npm run k8s:render` (or `k8s:deploy`) instead.
   */
  readonly images: { readonly gateway: string; readonly backend: string };
}

/** Where main's workflow pushes the images (`ghcr.io/<owner>/<name>`); forks change the owner here. */
export const imageRepositories = {
  gateway: 'ghcr.io/llm-inference-platform/llm-gateway',
  backend: 'ghcr.io/llm-inference-platform/llm-backend',
} as const;

/** The main commit whose images the committed manifests pin. */
const pinnedCommit = 'sha-8957974';

const pinnedImages = {
  gateway: `${imageRepositories.gateway}:${pinnedCommit}`,
  backend: `${imageRepositories.backend}:${pinnedCommit}`,
};

export const environments: readonly Environment[] = [
  {
    name: 'staging',
    namespace: 'llm-staging',
    gateway: { minReplicas: 2, maxReplicas: 10 },
    backendReplicas: 3,
    images: pinnedImages,
  },
  {
    name: 'production',
    namespace: 'llm-production',
    gateway: { minReplicas: 2, maxReplicas: 10 },
    backendReplicas: 3,
    images: pinnedImages,
  },
];

export function environmentNamed(name: string): Environment | undefined {
  return environments.find((environment) => environment.name === name);
}

/**
 * Whether an image reference cannot move: pinned by digest, or by the
 * `sha-<commit>` tag main pushes once and never again. `latest`, `main` and
 * a missing tag all can.
 */
export function isImmutableImage(reference: string): boolean {
  const match = /^([a-z0-9][a-z0-9._/:-]*?)(?::([\w][\w.-]{0,127}))?(?:@sha256:([0-9a-f]{64}))?$/.exec(reference);
  if (match === null) return false;
  const [, , tag, digest] = match;
  return digest !== undefined || (tag !== undefined && /^sha-[0-9a-f]{7,40}$/.test(tag));
}
