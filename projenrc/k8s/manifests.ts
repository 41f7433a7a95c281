import { Namespace } from 'kubernetes-models/v1/Namespace';
import { backendObjects } from './backend.js';
import type { Environment } from './environments.js';
import { gatewayObjects } from './gateway.js';
import { names } from './labels.js';

/** An object of the Kubernetes API as the typed models hold it. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  validate(): void;
  toJSON(): unknown;
}

export interface Manifest {
  /** File name inside the environment's folder; the number orders `kubectl apply -f` (namespace first). */
  readonly file: string;
  readonly object: KubernetesObject;
}

/** Every object of one environment, in the order `kubectl apply` should create them. */
export function environmentManifests(environment: Environment): Manifest[] {
  const namespace = new Namespace({
    metadata: {
      name: environment.namespace,
      // The restricted Pod Security Standard: the API server itself refuses a pod that breaks the hardening below.
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' },
    },
  });
  const backend = backendObjects(environment);
  const gateway = gatewayObjects(environment, names.backend);
  return [
    { file: '00-namespace', object: namespace },
    { file: '10-backend-deployment', object: backend.deployment },
    { file: '11-backend-service', object: backend.service },
    { file: '12-backend-pdb', object: backend.disruptionBudget },
    { file: '13-backend-networkpolicy', object: backend.gatewayOnly },
    { file: '20-gateway-deployment', object: gateway.deployment },
    { file: '21-gateway-service', object: gateway.service },
    { file: '22-gateway-hpa', object: gateway.autoscaler },
    { file: '23-gateway-pdb', object: gateway.disruptionBudget },
  ];
}
