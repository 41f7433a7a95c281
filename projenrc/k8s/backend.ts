import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Service } from 'kubernetes-models/v1/Service';
import type { Environment } from './environments.js';
import { discoveryIntervalMs } from './gateway.js';
import { names, ports, selectorLabels } from './labels.js';
import { disruptionBudget, objectMetadata, serverDeployment, type DrainTiming } from './server-workload.js';

/**
 * preStop outlasts what a gateway needs to notice the pod left the headless
 * Service (the 5 s DNS TTL plus one discovery interval), so no gateway picks
 * it once it stops accepting; generations in flight then get 30 s.
 */
export const backendDrain: DrainTiming = {
  preStopSeconds: 5 + discoveryIntervalMs / 1000, gracePeriodMs: 30_000, gracePeriodVariable: 'SHUTDOWN_GRACE_MS', marginSeconds: 5,
};

/** The mock backend (a model server's stand-in): fixed replicas behind a headless Service, reachable from gateways only. */
export function backendObjects(environment: Environment) {
  const metadata = objectMetadata('backend', environment);
  const deployment = serverDeployment({
    component: 'backend',
    environment,
    replicas: environment.backendReplicas,
    env: [],
    resources: { requests: { cpu: '100m', memory: '96Mi' }, limits: { cpu: '500m', memory: '192Mi' } },
    drain: backendDrain,
  });
  // Headless: its name resolves to every ready pod's address, which the gateway balances over itself.
  const service = new Service({
    metadata,
    spec: {
      clusterIP: 'None',
      selector: selectorLabels('backend'),
      ports: [{ name: 'http', port: ports.backend, targetPort: 'http', protocol: 'TCP' }],
    },
  });
  const gatewayOnly = new NetworkPolicy({
    metadata: { ...metadata, name: `${names.backend}-from-gateway-only` },
    spec: {
      podSelector: { matchLabels: selectorLabels('backend') },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: selectorLabels('gateway') } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      }],
    },
  });
  return { deployment, service, disruptionBudget: disruptionBudget('backend', environment), gatewayOnly };
}
