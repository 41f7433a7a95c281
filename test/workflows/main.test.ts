import { expect } from 'chai';
import { describe, it } from 'mocha';
import { defaultSettings } from '../../projenrc/settings/index.js';
import { mainWorkflow as createMainWorkflow } from '../../workflows/main.js';
import { jobOf, needsOf, stepOf, type JobDefinition } from '../support/workflow-queries.js';

const mainWorkflow = createMainWorkflow(defaultSettings);

const components = ['gateway', 'backend'] as const;
const digestRef = (component: string) =>
  `\${{ needs.build-and-push.outputs.${component}-image }}@\${{ needs.build-and-push.outputs.${component}-digest }}`;

function envOf(job: JobDefinition): Record<string, unknown> {
  return (job.env ?? {}) as Record<string, unknown>;
}

function expectPushedImagesInEnv(job: JobDefinition): void {
  for (const component of components) expect(envOf(job)[`${component.toUpperCase()}_REF`]).to.equal(digestRef(component));
}

describe('main.yml', () => {
  it('runs on pushes to main, not for documentation-only changes, queueing runs instead of cancelling them', () => {
    const trigger = (mainWorkflow.workflow.on as { push: Record<string, unknown> }).push;
    expect(trigger.branches).to.deep.equal(['main']);
    expect(trigger['paths-ignore']).to.include('**.md');
    expect(mainWorkflow.workflow.concurrency).to.deep.equal({
      'group': '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': false,
    });
  });

  it('tests, pushes, integration-tests and benchmarks the pushed images, promotes them, then deploys staging', () => {
    expect(needsOf(jobOf(mainWorkflow, 'test'))).to.deep.equal([]);
    expect(needsOf(jobOf(mainWorkflow, 'build-and-push'))).to.deep.equal(['test']);
    expect(needsOf(jobOf(mainWorkflow, 'benchmark'))).to.deep.equal(['build-and-push']);
    expect(needsOf(jobOf(mainWorkflow, 'integration-test'))).to.deep.equal(['build-and-push']);
    expect(needsOf(jobOf(mainWorkflow, 'promote'))).to.have.members(['build-and-push', 'integration-test', 'benchmark']);
    expect(needsOf(jobOf(mainWorkflow, 'deploy-staging'))).to.have.members(['build-and-push', 'promote']);
    const summary = jobOf(mainWorkflow, 'release-summary');
    expect(needsOf(summary)).to.have.members(['build-and-push', 'benchmark', 'integration-test', 'promote', 'deploy-staging']);
    expect(summary.if).to.equal('always()');
  });

  it('promotes and deploys only when the jobs before succeeded (no if: that would run them after a failure)', () => {
    expect(jobOf(mainWorkflow, 'promote').if).to.equal(undefined);
    expect(jobOf(mainWorkflow, 'deploy-staging').if).to.equal(undefined);
  });

  it('pushes each image once to GHCR, under the immutable sha-<short> tag only', () => {
    const job = jobOf(mainWorkflow, 'build-and-push');
    expect(job.permissions).to.deep.equal({ contents: 'read', packages: 'write' });
    expect(stepOf(job, 'login').with).to.include({ registry: 'ghcr.io', password: '${{ secrets.GITHUB_TOKEN }}' });
    expect(stepOf(job, 'image-names').run).to.contain('echo "tag=sha-${GITHUB_SHA::7}"');
    for (const component of components) {
      const build = stepOf(job, `build-${component}`);
      expect(build.with).to.include({ 'push': true, 'cache-from': `type=gha,scope=llm-${component}` });
      expect(build.with?.tags).to.equal(`\${{ steps.image-names.outputs.${component} }}:\${{ steps.image-names.outputs.tag }}`);
      expect(job.outputs?.[`${component}-digest`]).to.equal(`\${{ steps.build-${component}.outputs.digest }}`);
    }
  });

  it('integration-tests and benchmarks the pushed digests, pulled and never rebuilt', () => {
    for (const id of ['integration-test', 'benchmark']) {
      const job = jobOf(mainWorkflow, id);
      expect(job.permissions, id).to.deep.equal({ contents: 'read', packages: 'read' });
      expectPushedImagesInEnv(job);
      const pull = stepOf(job, 'pull-images').run ?? '';
      expect(pull).to.contain('docker pull "$GATEWAY_REF"').and.contain('docker tag "$GATEWAY_REF" llm-gateway:local');
      expect(pull).to.contain('docker pull "$BACKEND_REF"').and.contain('docker tag "$BACKEND_REF" llm-backend:local');
      expect((job.steps ?? []).filter((step) => step.uses?.startsWith('docker/build-push-action@')), id).to.deep.equal([]);
    }
    expect(stepOf(jobOf(mainWorkflow, 'integration-test'), 'smoke').run).to.equal('npm run docker:smoke -- --no-build --network bridge');
  });

  it('benchmarks the short form of both scenarios on the seed topology and keeps the results 90 days', () => {
    const job = jobOf(mainWorkflow, 'benchmark');
    for (const name of ['overhead', 'llm']) {
      expect(stepOf(job, `start-${name}`).run).to.contain('-e BACKEND_URLS=http://llm-backend-1:8001');
      expect(stepOf(job, `run-${name}`).run).to.contain(`npx llm-bench run --scenario ${name} --short --url "$GATEWAY_URL"`)
        .and.contain('--markdown bench/benchmark.md');
      expect(() => stepOf(job, `compare-${name}`)).to.throw('no step');
    }
    expect(stepOf(job, 'upload-results').with).to.include({ 'name': 'benchmark-results', 'retention-days': 90 });
  });

  it('tags the tested digests main and latest in the registry', () => {
    const job = jobOf(mainWorkflow, 'promote');
    expectPushedImagesInEnv(job);
    const promote = stepOf(job, 'promote').run ?? '';
    for (const prefix of ['GATEWAY', 'BACKEND']) {
      expect(promote).to.contain(
        `docker buildx imagetools create --tag "$${prefix}_IMAGE:main" --tag "$${prefix}_IMAGE:latest" "$${prefix}_REF"`,
      );
    }
  });

  it('deploys staging in its environment, never cancelled midway, skipped with a notice without a KUBECONFIG secret', () => {
    const job = jobOf(mainWorkflow, 'deploy-staging');
    expect(job.environment).to.equal('staging');
    expect(job.concurrency).to.deep.equal({ 'group': 'deploy-staging', 'cancel-in-progress': false });
    expect(job.permissions).to.deep.equal({ contents: 'read' });
    expectPushedImagesInEnv(job);
    const kubeconfig = stepOf(job, 'kubeconfig');
    expect(kubeconfig.env).to.deep.equal({ KUBECONFIG_CONTENT: '${{ secrets.KUBECONFIG }}' });
    expect(kubeconfig.run).to.match(/if \[ -z "\$KUBECONFIG_CONTENT" \]; then\n\s+echo "::notice[^\n]*\n[^\n]*present=false[^\n]*\n\s+exit 0/);
    const present = "steps.kubeconfig.outputs.present == 'true'";
    for (const step of (job.steps ?? []).filter((candidate) => candidate.id !== 'kubeconfig')) expect(step.if, step.name).to.equal(present);
    expect(stepOf(job, 'deploy').run).to.equal(
      'npm run k8s:deploy -- --env staging \\\n  --gateway-image "$GATEWAY_REF" \\\n  --backend-image "$BACKEND_REF"',
    );
    expect(stepOf(job, 'cluster-smoke').run).to.equal('npm run k8s:smoke -- --namespace llm-staging');
  });

  it('summarizes images, tags, digests and the benchmark table', () => {
    const job = jobOf(mainWorkflow, 'release-summary');
    expect(job.env).to.include({ GATEWAY_DIGEST: '${{ needs.build-and-push.outputs.gateway-digest }}' });
    expect(envOf(job).PROMOTED).to.contain("needs.promote.result == 'success'");
    expect(stepOf(job, 'benchmark-table').if).to.equal("needs.benchmark.result == 'success'");
    expect(stepOf(job, 'benchmark-table').run).to.equal('{ echo "## Benchmark"; cat bench/benchmark.md; } >> "$GITHUB_STEP_SUMMARY"');
    expect(stepOf(job, 'job-results').run).to.contain('exit 1');
  });
});
