import { YamlFile, type typescript } from 'projen';
import { environmentsOf } from './k8s/environments.js';
import { environmentManifests } from './k8s/manifests.js';
import type { PlatformSettings } from './settings/index.js';

/**
 * The Kubernetes manifests, typed in projenrc/k8s/ with kubernetes-models and
 * written by `npx projen` to k8s/<environment>/ as projen-managed YAML (so
 * the drift check covers them), plus the tasks that render them with other
 * images, deploy them and smoke-test a deployment.
 */
export function setupKubernetes(project: typescript.TypeScriptProject, settings: PlatformSettings): void {
  // kubernetes-models 4.5 is generated from the Kubernetes v1.33 OpenAPI schema, which test/k8s/ validates against.
  project.addDevDeps('kubernetes-models@~4.5.1', 'yaml@^2.9.1');
  for (const environment of environmentsOf(settings)) {
    for (const { file, object } of environmentManifests(environment)) {
      new YamlFile(project, `k8s/${environment.name}/${file}.yaml`, { obj: object.toJSON() });
    }
  }
  project.addTask('k8s:render', {
    description: 'Print one environment\'s manifests as a kubectl-ready List, with the images given (digest or sha- tag)',
    exec: 'tsx projenrc/k8s/render.ts',
    receiveArgs: true,
  });
  project.addTask('k8s:deploy', {
    description: 'Render an environment with the images given, kubectl apply it and wait for both rollouts',
    exec: 'bash scripts/k8s/deploy.sh',
    receiveArgs: true,
  });
  project.addTask('k8s:smoke', {
    description: 'Through the gateway Service (port-forward): readiness and a chat completion; optionally scale the backends and watch the gateway follow',
    exec: 'bash scripts/k8s/smoke.sh',
    receiveArgs: true,
  });
}
