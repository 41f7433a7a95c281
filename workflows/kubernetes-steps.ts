import { Step, type NormalJob } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { buildImageStep, images, setupBuildxStep } from './docker-steps.js';
import { defineJob } from './job.js';
import { components, imageVariable, immutableTagScript } from './registry-steps.js';
import { nodeProjectSteps } from './steps.js';
import type { EnvironmentSettings } from '../projenrc/settings/index.js';

/**
 * The cluster the PR job creates: Kubernetes v1.33, the version test/k8s/
 * validates the manifests against, on the node image kind v0.29.0 was
 * released with, pinned by digest.
 */
export const kindCluster = {
  name: 'llm-ci',
  kindVersion: 'v0.29.0',
  kubectlVersion: 'v1.33.1',
  nodeImage: 'kindest/node:v1.33.1@sha256:050072256b9a903bd914c0b2866828150cb229cea0efe5892e2b644d5dd3b34f',
} as const;

export interface StepOptions {
  readonly if?: string;
  readonly env?: Record<string, string>;
}

/** `npm run k8s:deploy` with the images in GATEWAY_REF and BACKEND_REF (the step's or the job's env). */
export function deployStep(environment: EnvironmentSettings, options: StepOptions = {}): Step {
  return new Step({
    id: 'deploy',
    name: `Apply k8s/${environment.name} and wait for the rollouts`,
    ...options,
    run: [
      `npm run k8s:deploy -- --env ${environment.name}`,
      ...components.map((component) => `  --${component}-image "$${imageVariable(component, 'REF')}"`),
    ].join(' \\\n'),
  });
}

/** `npm run k8s:smoke` through the gateway Service; with `scaleBackends`, also watches discovery follow a scale-up. */
export function clusterSmokeStep(environment: EnvironmentSettings, scaleBackends?: number, options: StepOptions = {}): Step {
  const scale = scaleBackends === undefined ? '' : ` --scale-backends ${scaleBackends}`;
  return new Step({
    id: 'cluster-smoke',
    name: scaleBackends === undefined ? 'Smoke test through the gateway Service' : 'Smoke test, scale the backends, check the gateway follows',
    ...options,
    run: `npm run k8s:smoke -- --namespace ${environment.namespace}${scale}`,
  });
}

/** What the cluster looked like, for a failed run's log. */
export function clusterStateStep(environment: EnvironmentSettings, condition: string): Step {
  return new Step({
    id: 'cluster-state',
    name: 'Show the cluster state',
    if: condition,
    env: { NAMESPACE: environment.namespace },
    run: [
      'kubectl --namespace "$NAMESPACE" get all,pdb,hpa,networkpolicy -o wide || true',
      'kubectl --namespace "$NAMESPACE" get events --sort-by=.lastTimestamp || true',
      'kubectl --namespace "$NAMESPACE" logs --selector app.kubernetes.io/part-of=llm-inference-platform --tail 50 --prefix || true',
    ].join('\n'),
  });
}

/**
 * PR job: a real cluster. Builds both images from the layer cache, creates a
 * kind cluster, loads the images under a sha- tag (the manifests accept no
 * other), applies the environment (main's first deployment stage) with them,
 * waits for the rollouts, smoke-tests through the gateway Service, then
 * scales the backends one above the manifests' count and checks that the
 * gateway discovers the new pod.
 */
export function kindJob(environment: EnvironmentSettings, needs: readonly NormalJob[]): NormalJob {
  const localRefs = Object.fromEntries(components.map((component) =>
    [imageVariable(component, 'REF'), `${images[component].name}:\${{ steps.image-tag.outputs.tag }}`]));
  return defineJob('kubernetes', {
    name: 'Kubernetes (kind)',
    permissions: { contents: 'read' },
    timeoutMinutes: 30,
    needs,
    steps: [
      ...nodeProjectSteps(),
      setupBuildxStep(),
      ...components.map((component) => buildImageStep(component)),
      new Step({ id: 'image-tag', name: 'Immutable image tag', run: immutableTagScript }),
      new Step({
        id: 'kind',
        name: 'Create a kind cluster',
        uses: usesOf(actions.kind),
        with: {
          version: kindCluster.kindVersion,
          node_image: kindCluster.nodeImage,
          kubectl_version: kindCluster.kubectlVersion,
          cluster_name: kindCluster.name,
          wait: '120s',
        },
      }),
      new Step({
        id: 'load-images',
        name: 'Load the images into the cluster',
        env: { CLUSTER: kindCluster.name, ...localRefs },
        run: [
          ...components.map((component) => `docker tag ${images[component].localTag} "$${imageVariable(component, 'REF')}"`),
          `kind load docker-image --name "$CLUSTER" ${components.map((component) => `"$${imageVariable(component, 'REF')}"`).join(' ')}`,
        ].join('\n'),
      }),
      deployStep(environment, { env: localRefs }),
      clusterSmokeStep(environment, environment.backendReplicas + 1),
      clusterStateStep(environment, 'failure()'),
    ],
  });
}
