import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IEnvVar, IResourceRequirements } from 'kubernetes-models/v1';
import type { Environment } from './environments.js';
import { names, objectLabels, ports, selectorLabels, type Component } from './labels.js';
import {
  containerSecurityContext, podSecurityContext, scrapeAnnotations, serverProbes, tmpMount, tmpVolume,
} from './pod-hardening.js';

/**
 * How a server pod stops. On deletion its endpoint is withdrawn while
 * preStop sleeps, so new traffic stops arriving before SIGTERM; then the
 * server turns /readyz to 503 and lets in-flight requests finish within its
 * grace period. The kubelet's deadline covers both plus a margin, so it never
 * kills a server that is still draining.
 */
export interface DrainTiming {
  readonly preStopSeconds: number;
  readonly gracePeriodMs: number;
  /** The server's environment variable that sets its grace period. */
  readonly gracePeriodVariable: string;
  readonly marginSeconds: number;
}

export interface ServerWorkload {
  readonly component: Component;
  readonly environment: Environment;
  /** Omitted where an autoscaler owns the count: an apply must not reset it. */
  readonly replicas?: number;
  readonly env: readonly IEnvVar[];
  readonly resources: IResourceRequirements;
  readonly drain: DrainTiming;
}

export function objectMetadata(component: Component, environment: Environment) {
  return { name: names[component], namespace: environment.namespace, labels: objectLabels(component) };
}

/** One of our two servers (same image layout, same probes, same hardening), spread across nodes. */
export function serverDeployment(workload: ServerWorkload): Deployment {
  const { component, environment, drain } = workload;
  return new Deployment({
    metadata: objectMetadata(component, environment),
    spec: {
      ...(workload.replicas === undefined ? {} : { replicas: workload.replicas }),
      selector: { matchLabels: selectorLabels(component) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: objectLabels(component), annotations: scrapeAnnotations(ports[component]) },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: podSecurityContext,
          terminationGracePeriodSeconds: drain.preStopSeconds + drain.gracePeriodMs / 1000 + drain.marginSeconds,
          topologySpreadConstraints: [{
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: selectorLabels(component) },
          }],
          volumes: [tmpVolume],
          containers: [{
            name: component,
            image: environment.images[component],
            imagePullPolicy: 'IfNotPresent',
            ports: [{ name: 'http', containerPort: ports[component], protocol: 'TCP' }],
            env: [
              { name: 'PORT', value: String(ports[component]) },
              { name: 'HOST', value: '0.0.0.0' },
              ...workload.env,
              { name: drain.gracePeriodVariable, value: String(drain.gracePeriodMs) },
            ],
            resources: workload.resources,
            securityContext: containerSecurityContext,
            ...serverProbes(),
            lifecycle: { preStop: { sleep: { seconds: drain.preStopSeconds } } },
            volumeMounts: [tmpMount],
          }],
        },
      },
    },
  });
}

/** Voluntary disruptions (node drains, upgrades) take one pod at a time. */
export function disruptionBudget(component: Component, environment: Environment): PodDisruptionBudget {
  return new PodDisruptionBudget({
    metadata: objectMetadata(component, environment),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(component) } },
  });
}
