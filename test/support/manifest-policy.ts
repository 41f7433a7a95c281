/**
 * The policy every environment's manifests keep, checked on the committed
 * YAML as kubectl reads it: the repository's own (test/k8s/policy.test.ts)
 * and a scratch project's with other settings (test/projenrc/platform-config.test.ts).
 */
import { expect } from 'chai';
import type { IContainer, IPodSpec, IPodTemplateSpec } from 'kubernetes-models/v1';
import type { CommittedObject } from './k8s-manifests.js';
import { isImmutableImage } from '../../projenrc/k8s/environments.js';
import type { EnvironmentSettings } from '../../projenrc/settings/index.js';

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

/** One environment's objects, sorted the ways the policies read them. */
class EnvironmentObjects {
  readonly workloads: CommittedObject[];
  readonly containers: { workload: CommittedObject; container: IContainer }[];

  constructor(readonly objects: readonly CommittedObject[]) {
    this.workloads = objects.filter((object) => workloadKinds.has(object.kind));
    this.containers = this.workloads.flatMap((workload) => podSpecOf(workload).containers.map((container) => ({ workload, container })));
  }

  ofKind(kind: string): CommittedObject[] {
    return this.objects.filter((object) => object.kind === kind);
  }

  workload(name: string): CommittedObject {
    return this.workloads.find((workload) => workload.metadata.name === name)!;
  }

  podLabels(workload: CommittedObject): Record<string, string> | undefined {
    return (workload.spec!.template as IPodTemplateSpec).metadata?.labels;
  }
}

interface ManifestPolicy {
  readonly title: string;
  check(objects: EnvironmentObjects, environment: EnvironmentSettings): void;
}

const manifestPolicies: readonly ManifestPolicy[] = [
  {
    title: 'runs a gateway and a backend workload',
    check: ({ workloads }) => expect(workloads.map((workload) => workload.metadata.name)).to.have.members(['llm-gateway', 'llm-backend']),
  },
  {
    title: 'probes every container: liveness on /healthz, readiness on /readyz, through the named port',
    check: ({ containers }) => {
      for (const { workload, container } of containers) {
        expect(container.livenessProbe?.httpGet, workload.path).to.include({ path: '/healthz', port: 'http' });
        expect(container.readinessProbe?.httpGet, workload.path).to.include({ path: '/readyz', port: 'http' });
        expect(container.ports?.map((port) => port.name), workload.path).to.include('http');
      }
    },
  },
  {
    title: 'gives every container CPU and memory requests and limits',
    check: ({ containers }) => {
      for (const { workload, container } of containers) {
        for (const bound of ['requests', 'limits'] as const) {
          expect(container.resources?.[bound], `${workload.path} ${bound}`).to.have.all.keys('cpu', 'memory');
        }
      }
    },
  },
  {
    title: 'runs every pod non-root, read-only, without capabilities, under RuntimeDefault seccomp, without a token',
    check: ({ workloads }) => {
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
    },
  },
  {
    title: 'pins every image by digest or sha- tag, never latest',
    check: ({ containers }) => {
      for (const { workload, container } of containers) {
        expect(isImmutableImage(container.image ?? ''), `${workload.path}: ${container.image}`).to.equal(true);
        expect(container.image).not.to.match(/:latest(@|$)/);
      }
    },
  },
  {
    title: 'outlasts preStop plus the server\'s grace period with terminationGracePeriodSeconds',
    check: ({ workloads }) => {
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
    },
  },
  {
    title: 'scales the gateway with an HPA on CPU within the environment\'s bounds and leaves its replica count to it',
    check: (environment, settings) => {
      const [autoscaler, ...others] = environment.ofKind('HorizontalPodAutoscaler');
      expect(others).to.have.length(0);
      expect(autoscaler!.spec).to.deep.include(settings.gateway);
      expect(autoscaler!.spec!.scaleTargetRef).to.deep.include({ kind: 'Deployment', name: 'llm-gateway' });
      expect(JSON.stringify(autoscaler!.spec!.metrics)).to.contain('"name":"cpu"');
      expect(environment.workload('llm-gateway').spec).not.to.have.property('replicas');
    },
  },
  {
    title: 'runs the environment\'s backend replicas behind a headless Service, the name the gateway discovers',
    check: (environment, settings) => {
      expect(environment.workload('llm-backend').spec!.replicas).to.equal(settings.backendReplicas);
      const service = environment.ofKind('Service').find((candidate) => candidate.metadata.name === 'llm-backend')!;
      expect(service.spec).to.include({ clusterIP: 'None' });
      const gateway = podSpecOf(environment.workload('llm-gateway')).containers[0]!;
      expect(envValue(gateway, 'BACKEND_URLS')).to.equal('http://llm-backend:8001');
      expect(Number(envValue(gateway, 'GATEWAY_DISCOVERY_INTERVAL_MS'))).to.be.above(0);
    },
  },
  {
    title: 'covers every workload with exactly one PodDisruptionBudget',
    check: (environment) => {
      for (const workload of environment.workloads) {
        const budgets = environment.ofKind('PodDisruptionBudget').filter((budget) => selects(selectorOf(budget), environment.podLabels(workload)));
        expect(budgets, workload.path).to.have.length(1);
      }
    },
  },
  {
    title: 'lets only the gateway reach the backends',
    check: (environment) => {
      const backend = environment.workload('llm-backend');
      const gateway = environment.workload('llm-gateway');
      const policies = environment.ofKind('NetworkPolicy').filter((policy) =>
        selects((policy.spec!.podSelector as { matchLabels: Record<string, string> }).matchLabels, environment.podLabels(backend)));
      expect(policies).to.have.length(1);
      const { policyTypes, ingress } = policies[0]!.spec as { policyTypes: string[]; ingress: Array<{ from: NetworkPeer[] }> };
      expect(policyTypes).to.deep.equal(['Ingress']);
      const peers = ingress.flatMap((rule) => rule.from);
      expect(peers).to.have.length(1);
      expect(peers[0]!.namespaceSelector).to.equal(undefined);
      expect(selects(peers[0]!.podSelector!.matchLabels, environment.podLabels(gateway))).to.equal(true);
      expect(selects(peers[0]!.podSelector!.matchLabels, environment.podLabels(backend))).to.equal(false);
    },
  },
  {
    title: 'asks Prometheus to scrape the gateway\'s /metrics',
    check: (environment) => {
      expect((environment.workload('llm-gateway').spec!.template as IPodTemplateSpec).metadata?.annotations).to.include({
        'prometheus.io/scrape': 'true', 'prometheus.io/port': '8000', 'prometheus.io/path': '/metrics',
      });
    },
  },
];

/** Each policy, by title, as a check of one environment's committed objects against its settings. */
export function manifestPolicyChecks(objects: readonly CommittedObject[], environment: EnvironmentSettings): { title: string; check: () => void }[] {
  const sorted = new EnvironmentObjects(objects);
  return manifestPolicies.map((policy) => ({ title: policy.title, check: () => policy.check(sorted, environment) }));
}
