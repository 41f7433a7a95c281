import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Service } from 'kubernetes-models/v1/Service';
import type { Environment } from './environments.js';
import { names, ports, selectorLabels } from './labels.js';
import { disruptionBudget, objectMetadata, serverDeployment, type DrainTiming } from './server-workload.js';

export const gatewayDrain: DrainTiming = {
  preStopSeconds: 5, gracePeriodMs: 20_000, gracePeriodVariable: 'GATEWAY_GRACE_PERIOD_MS', marginSeconds: 5,
};

/** How often the gateway resolves the backends' headless Service again (CoreDNS answers with a 5 s TTL). */
export const discoveryIntervalMs = 5_000;

/** The gateway: autoscaled on CPU, reached through a ClusterIP Service on port 80, balancing over the discovered backends. */
export function gatewayObjects(environment: Environment, backendHost: string) {
  const metadata = objectMetadata('gateway', environment);
  const deployment = serverDeployment({
    component: 'gateway',
    environment,
    env: [
      { name: 'BACKEND_URLS', value: `http://${backendHost}:${ports.backend}` },
      { name: 'GATEWAY_DISCOVERY_INTERVAL_MS', value: String(discoveryIntervalMs) },
      { name: 'LOG_LEVEL', value: 'info' },
    ],
    resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
    drain: gatewayDrain,
  });
  const service = new Service({
    metadata,
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels('gateway'),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  });
  const autoscaler = new HorizontalPodAutoscaler({
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: names.gateway },
      minReplicas: environment.gateway.minReplicas,
      maxReplicas: environment.gateway.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      // Scale down slowly: a gateway that leaves drains its streams, and LLM traffic comes in waves.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
  });
  return { deployment, service, autoscaler, disruptionBudget: disruptionBudget('gateway', environment) };
}
