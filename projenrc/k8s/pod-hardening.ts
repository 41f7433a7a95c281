import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';

/**
 * The numeric id of the `node` user the images run as (USER node): the
 * kubelet can only prove `runAsNonRoot` for a numeric user.
 */
export const nodeUserId = 1000;

export const podSecurityContext: IPodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: nodeUserId,
  runAsGroup: nodeUserId,
  seccompProfile: { type: 'RuntimeDefault' },
};

export const containerSecurityContext: ISecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Node and npm may write temporary files; the root filesystem is read-only, so /tmp is an emptyDir. */
export const tmpVolume = { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } };
export const tmpMount = { name: 'tmp', mountPath: '/tmp' };

function httpProbe(path: string, periodSeconds: number, failureThreshold: number): IProbe {
  return { httpGet: { path, port: 'http' }, periodSeconds, failureThreshold, timeoutSeconds: 2 };
}

/**
 * Liveness on `/healthz` (the process answers), readiness on `/readyz` (it
 * should get traffic: 503 while starting and from the moment it drains),
 * and a startup probe so a slow start is not taken for a dead process.
 */
export function serverProbes(): Pick<IContainer, 'livenessProbe' | 'readinessProbe' | 'startupProbe'> {
  return {
    startupProbe: httpProbe('/healthz', 1, 30),
    livenessProbe: httpProbe('/healthz', 10, 3),
    // Two misses, not one: a single slow answer on a busy node should not pull the pod out of its Service.
    readinessProbe: httpProbe('/readyz', 2, 2),
  };
}

/** Prometheus' kubernetes_sd convention: scrape the pod's port at /metrics. */
export function scrapeAnnotations(port: number): Record<string, string> {
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' };
}
