import { expect } from 'chai';
import { describe, it } from 'mocha';
import { defaultSettings } from '../../projenrc/settings/index.js';
import { prWorkflow as createPrWorkflow } from '../../workflows/pr.js';
import { jobOf, jobsOf, needsOf, stepOf } from '../support/workflow-queries.js';

const prWorkflow = createPrWorkflow(defaultSettings);

describe('pr.yml', () => {
  it('runs on pull requests to main and develop, not for documentation-only changes', () => {
    const trigger = (prWorkflow.workflow.on as { pull_request: Record<string, unknown> }).pull_request;
    expect(trigger.branches).to.deep.equal(['main', 'develop']);
    expect(trigger['paths-ignore']).to.include.members(['**.md', 'docs/**']);
  });

  it('cancels a superseded run of the same ref', () => {
    expect(prWorkflow.workflow.concurrency).to.deep.equal({
      'group': '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': true,
    });
  });

  it('lints with eslint, actionlint and shellcheck, and checks drift', () => {
    const lint = jobOf(prWorkflow, 'lint');
    expect(lint.name).to.equal('Lint');
    expect(stepOf(lint, 'eslint').run).to.equal('npm run eslint');
    expect(stepOf(lint, 'workflows-lint').run).to.equal('npm run workflows:lint');
    expect(stepOf(lint, 'drift').run).to.equal('npx tsx projenrc/check-drift.ts');
  });

  it('uploads coverage to Codecov only when the token exists', () => {
    const test = jobOf(prWorkflow, 'test');
    expect(stepOf(test, 'test').run).to.equal('npm test');
    expect(stepOf(test, 'codecov').if).to.equal("steps.codecov-token.outputs.present == 'true'");
    expect(stepOf(test, 'codecov-token').env).to.deep.equal({ CODECOV_TOKEN: '${{ secrets.CODECOV_TOKEN }}' });
  });

  it('builds each image with the GitHub Actions layer cache and checks that it gets ready', () => {
    for (const component of ['gateway', 'backend']) {
      const job = jobOf(prWorkflow, `build-${component}`);
      const build = stepOf(job, `build-${component}`);
      expect(build.with).to.include({
        'file': `Dockerfile.${component}`,
        'load': true,
        'cache-from': `type=gha,scope=llm-${component}`,
        'cache-to': `type=gha,mode=max,scope=llm-${component}`,
      });
      expect(stepOf(job, `ready-${component}`).env).to.have.property('READY_URL').that.match(/\/readyz$/);
      expect(stepOf(job, 'remove-containers').if).to.equal('always()');
    }
  });

  it('runs the smoke script on both images, built from the layer cache, once both builds pass', () => {
    const smoke = jobOf(prWorkflow, 'smoke-test');
    expect(needsOf(smoke)).to.have.members(['build-gateway', 'build-backend']);
    expect(stepOf(smoke, 'build-gateway').with).to.include({ tags: 'llm-gateway:local', load: true });
    expect(stepOf(smoke, 'build-backend').with).to.include({ tags: 'llm-backend:local', load: true });
    expect(stepOf(smoke, 'smoke').run).to.equal('npm run docker:smoke -- --no-build');
  });

  it('deploys both images, built from the layer cache, to a kind cluster, smoke-tests it and scales the backends', () => {
    const job = jobOf(prWorkflow, 'kubernetes');
    expect(needsOf(job)).to.have.members(['build-gateway', 'build-backend']);
    expect(stepOf(job, 'build-gateway').with).to.include({ tags: 'llm-gateway:local', load: true });
    expect(stepOf(job, 'kind').uses).to.match(/^helm\/kind-action@[0-9a-f]{40}$/);
    expect(stepOf(job, 'kind').with).to.include({ version: 'v0.29.0', kubectl_version: 'v1.33.1' });
    expect(stepOf(job, 'kind').with?.node_image).to.match(/^kindest\/node:v1\.33\.\d+@sha256:[0-9a-f]{64}$/);
    const tagged = { GATEWAY_REF: 'llm-gateway:${{ steps.image-tag.outputs.tag }}', BACKEND_REF: 'llm-backend:${{ steps.image-tag.outputs.tag }}' };
    expect(stepOf(job, 'load-images').env).to.include(tagged);
    expect(stepOf(job, 'load-images').run).to.contain('kind load docker-image --name "$CLUSTER" "$GATEWAY_REF" "$BACKEND_REF"');
    expect(stepOf(job, 'deploy').env).to.deep.equal(tagged);
    expect(stepOf(job, 'deploy').run).to.match(/^npm run k8s:deploy -- --env staging/);
    expect(stepOf(job, 'cluster-smoke').run).to.equal('npm run k8s:smoke -- --namespace llm-staging --scale-backends 4');
    expect(stepOf(job, 'cluster-state').if).to.equal('failure()');
  });

  it('ends with a summary that always runs, needs every other job and fails when one did not succeed', () => {
    const summary = jobOf(prWorkflow, 'pr-summary');
    expect(summary.if).to.equal('always()');
    expect(needsOf(summary)).to.have.members(Object.keys(jobsOf(prWorkflow)).filter((id) => id !== 'pr-summary'));
    expect(stepOf(summary, 'job-results').run).to.contain('exit 1');
    expect(summary.permissions).to.deep.equal({});
  });
});
