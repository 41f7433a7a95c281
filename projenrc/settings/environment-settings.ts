import { z } from 'zod';

/** A Kubernetes object name and namespace (RFC 1123 label): also the k8s/ folder, a GitHub environment and part of a job id. */
const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
  error: (issue) => `'${String(issue.input)}' is not a DNS label (lower-case letters, digits and '-', at most 63)`,
});

const replicas = z.int({ error: 'must be an integer' }).min(1, { error: 'must be at least 1' });

/**
 * One environment the manifests are written for (k8s/<name>/). An
 * environment differs only in these; probes, security and drain timing are
 * the same everywhere on purpose.
 */
export const environmentSchema = z.strictObject({
  /** The folder under k8s/ and the `--env` of `npm run k8s:deploy`; a deployment stage's GitHub environment. */
  name: dnsLabel,
  /** Default: `llm-<name>`. */
  namespace: dnsLabel.optional(),
  /** The gateway's HorizontalPodAutoscaler bounds (on CPU). */
  gateway: z.strictObject({
    minReplicas: replicas.default(2),
    maxReplicas: replicas.default(10),
  }).prefault({}).refine((gateway) => gateway.minReplicas <= gateway.maxReplicas, {
    error: (issue) => {
      const gateway = issue.input as { minReplicas: number; maxReplicas: number };
      return `minReplicas (${gateway.minReplicas}) is above maxReplicas (${gateway.maxReplicas})`;
    },
  }),
  /** Mock backend pods (fixed: the gateway discovers them through a headless Service). */
  backendReplicas: replicas.default(3),
}).transform((environment) => ({ ...environment, namespace: environment.namespace ?? `llm-${environment.name}` }));

export type EnvironmentSettings = z.output<typeof environmentSchema>;

export const defaultEnvironments: z.input<typeof environmentSchema>[] = [{ name: 'staging' }, { name: 'production' }];

/**
 * A deployment stage of main: after the images passed and were promoted,
 * the stages deploy one after another, each its environment's manifests with
 * the promoted digests, then the smoke test through its gateway Service.
 */
export const deploymentSchema = z.strictObject({
  /** One of `environments`, and the GitHub environment whose `KUBECONFIG` secret and protection rules apply. */
  environment: z.string(),
});
