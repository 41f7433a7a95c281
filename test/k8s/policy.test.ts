import { expect } from 'chai';
import type { IContainer, IPodSpec, IPodTemplateSpec } from 'kubernetes-models/v1';
import { describe, it } from 'mocha';
import { isImmutableImage } from '../../projenrc/k8s/environments.js';
import { committedEnvironments, committedObjects, type CommittedObject } from '../support/k8s-manifests.js';

/** The environment variable holding each server's drain grace period, in ms. */
const gracePeriodVariables: Record<string, string> = { gateway: 'GATEWAY_GRACE_PERIOD_MS', backend: 'SHUTDOWN_GRACE_MS' };

interface NetworkPeer {
  readonly podSelector?: { matchLabels: Record<string, string> };
  readonly namespaceSelector?: unknown;
}

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function podSpecOf(workload: CommittedObject): IPodSpec {
  return (workload.spec!.template as IPodTemplateSpec).spec!;
}

function selectorOf(object: CommittedObject): Record<string, string> {
  return (object.spec!.selector as { matchLabels: Record<string, string> }).matchLabels;
}

function selects(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

function envValue(container: IContainer, name: string): string | undefined {
  return container.env?.find((variable) => variable.name === name)?.value;
}

for (const environment of committedEnvironments()) {
  describe(`k8s/${environment}/ policy`, () => {
    const objects = committedObjects(environment);
    const workloads = objects.filter((object) => workloadKinds.has(object.kind));
    const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
    const podLabels = (workload: CommittedObject) => (workload.spec!.template as IPodTemplateSpec).metadata?.labels;
    const containers = workloads.flatMap((workload) => podSpecOf(workload).containers.map((container) => ({ workload, container })));

    it('runs a gateway and a backend workload', () => {
      expect(workloads.map((workload) => workload.metadata.name)).to.have.members(['llm-gateway', 'llm-backend']);
    });

    it('probes every container: liveness on /healthz, readiness on /readyz, through the named port', () => {
      for (const { workload, container } of containers) {
        expect(container.livenessProbe?.httpGet, workload.path).to.include({ path: '/healthz', port: 'http' });
        expect(container.readinessProbe?.httpGet, workload.path).to.include({ path: '/readyz', port: 'http' });
        expect(container.ports?.map((port) => port.name), workload.path).to.include('http');
      }
    });

    it('gives every container CPU and memory requests and limits', () => {
      for (const { workload, container } of containers) {
        for (const bound of ['requests', 'limits'] as const) {
          expect(container.resources?.[bound], `${workload.path} ${bound}`).to.have.all.keys('cpu', 'memory');
        }
      }
    });

    it('runs every pod non-root, read-only, without capabilities, under RuntimeDefault seccomp, without a token', () => {
      for (const workload of workloads) {
        const pod = podSpecOf(workload);
        expect(pod.securityContext, workload.path).to.deep.include({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(pod.securityContext?.runAsUser, workload.path).to.be.a('number').above(0);
        expect(pod.automountServiceAccountToken, workload.path).to.equal(false);
        for (const container of pod.containers) {
          expect(container.securityContext, workload.path).to.deep.include({
            allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
          });
        }
      }
    });

    it('pins every image by digest or sha- tag, never latest', () => {
      for (const { workload, container } of containers) {
        expect(isImmutableImage(container.image ?? ''), `${workload.path}: ${container.image}`).to.equal(true);
        expect(container.image).not.to.match(/:latest(@|$)/);
      }
    });

    it('outlasts preStop plus the server\'s grace period with terminationGracePeriodSeconds', () => {
      for (const workload of workloads) {
        const pod = podSpecOf(workload);
        for (const container of pod.containers) {
          const preStop = container.lifecycle?.preStop?.sleep?.seconds;
          const grace = Number(envValue(container, gracePeriodVariables[container.name]!));
          expect(preStop, `${workload.path} preStop`).to.be.a('number').above(0);
          expect(grace, `${workload.path} grace`).to.be.above(0);
          expect(pod.terminationGracePeriodSeconds, workload.path).to.be.above(preStop! + grace / 1000);
        }
      }
    });

    it('scales the gateway with an HPA on CPU from 2 to 10 replicas and leaves its replica count to it', () => {
      const [autoscaler, ...others] = ofKind('HorizontalPodAutoscaler');
      expect(others).to.have.length(0);
      expect(autoscaler!.spec).to.deep.include({ minReplicas: 2, maxReplicas: 10 });
      expect(autoscaler!.spec!.scaleTargetRef).to.deep.include({ kind: 'Deployment', name: 'llm-gateway' });
      expect(JSON.stringify(autoscaler!.spec!.metrics)).to.contain('"name":"cpu"');
      const gateway = workloads.find((workload) => workload.metadata.name === 'llm-gateway')!;
      expect(gateway.spec).not.to.have.property('replicas');
    });

    it('runs 3 backend replicas behind a headless Service, the name the gateway discovers', () => {
      const backend = workloads.find((workload) => workload.metadata.name === 'llm-backend')!;
      expect(backend.spec!.replicas).to.equal(3);
      const service = ofKind('Service').find((candidate) => candidate.metadata.name === 'llm-backend')!;
      expect(service.spec).to.include({ clusterIP: 'None' });
      const gateway = podSpecOf(workloads.find((workload) => workload.metadata.name === 'llm-gateway')!).containers[0]!;
      expect(envValue(gateway, 'BACKEND_URLS')).to.equal('http://llm-backend:8001');
      expect(Number(envValue(gateway, 'GATEWAY_DISCOVERY_INTERVAL_MS'))).to.be.above(0);
    });

    it('covers every workload with exactly one PodDisruptionBudget', () => {
      for (const workload of workloads) {
        const budgets = ofKind('PodDisruptionBudget').filter((budget) => selects(selectorOf(budget), podLabels(workload)));
        expect(budgets, workload.path).to.have.length(1);
      }
    });

    it('lets only the gateway reach the backends', () => {
      const backend = workloads.find((workload) => workload.metadata.name === 'llm-backend')!;
      const gateway = workloads.find((workload) => workload.metadata.name === 'llm-gateway')!;
      const policies = ofKind('NetworkPolicy').filter((policy) =>
        selects((policy.spec!.podSelector as { matchLabels: Record<string, string> }).matchLabels, podLabels(backend)));
      expect(policies).to.have.length(1);
      const { policyTypes, ingress } = policies[0]!.spec as { policyTypes: string[]; ingress: Array<{ from: NetworkPeer[] }> };
      expect(policyTypes).to.deep.equal(['Ingress']);
      const peers = ingress.flatMap((rule) => rule.from);
      expect(peers).to.have.length(1);
      expect(peers[0]!.namespaceSelector).to.equal(undefined);
      expect(selects(peers[0]!.podSelector!.matchLabels, podLabels(gateway))).to.equal(true);
      expect(selects(peers[0]!.podSelector!.matchLabels, podLabels(backend))).to.equal(false);
    });

    it('asks Prometheus to scrape the gateway\'s /metrics', () => {
      const gateway = workloads.find((workload) => workload.metadata.name === 'llm-gateway')!;
      expect((gateway.spec!.template as IPodTemplateSpec).metadata?.annotations).to.include({
        'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000', 'prometheus.io/path': '/metrics',
      });
    });
  });
}

describe('isImmutableImage', () => {
  it('accepts a digest or a sha- tag and refuses tags that move', () => {
    const digest = `@sha256:${'a'.repeat(64)}`;
    for (const good of [`ghcr.io/o/llm-gateway${digest}`, 'ghcr.io/o/llm-gateway:sha-0123abc', `llm-gateway:sha-0123abc${digest}`, `localhost:5000/x${digest}`]) {
      expect(isImmutableImage(good), good).to.equal(true);
    }
    for (const bad of ['ghcr.io/o/llm-gateway', 'ghcr.io/o/llm-gateway:latest', 'ghcr.io/o/llm-gateway:main', 'x:sha-XYZ', 'localhost:5000/x', `x@sha256:${'a'.repeat(10)}`]) {
      expect(isImmutableImage(bad), bad).to.equal(false);
    }
  });
});
