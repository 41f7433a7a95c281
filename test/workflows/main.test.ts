import { expect } from 'chai';
import { describe, it } from 'mocha';
import { mainWorkflow } from '../../workflows/main.js';
import { jobOf, needsOf, stepOf } from '../support/workflow-queries.js';

describe('main.yml', () => {
  it('runs on pushes to main, not for documentation-only changes, cancelling superseded runs', () => {
    const trigger = (mainWorkflow.workflow.on as { push: Record<string, unknown> }).push;
    expect(trigger.branches).to.deep.equal(['main']);
    expect(trigger['paths-ignore']).to.include('**.md');
    expect(mainWorkflow.workflow.concurrency).to.have.property('cancel-in-progress', true);
  });

  it('tests, then pushes both images, then benchmarks and integration-tests them, then summarizes', () => {
    expect(needsOf(jobOf(mainWorkflow, 'test'))).to.deep.equal([]);
    expect(needsOf(jobOf(mainWorkflow, 'build-and-push'))).to.deep.equal(['test']);
    expect(needsOf(jobOf(mainWorkflow, 'benchmark'))).to.deep.equal(['build-and-push']);
    expect(needsOf(jobOf(mainWorkflow, 'integration-test'))).to.deep.equal(['build-and-push']);
    const summary = jobOf(mainWorkflow, 'release-summary');
    expect(needsOf(summary)).to.have.members(['build-and-push', 'benchmark', 'integration-test']);
    expect(summary.if).to.equal('always()');
  });

  it('pushes to GHCR with GITHUB_TOKEN, tagged with the commit SHA and main, with packages: write there only', () => {
    const job = jobOf(mainWorkflow, 'build-and-push');
    expect(job.permissions).to.deep.equal({ contents: 'read', packages: 'write' });
    expect(stepOf(job, 'login').with).to.include({ registry: 'ghcr.io', password: '${{ secrets.GITHUB_TOKEN }}' });
    for (const component of ['gateway', 'backend']) {
      const build = stepOf(job, `build-${component}`);
      expect(build.with).to.include({ 'push': true, 'cache-from': `type=gha,scope=llm-${component}` });
      expect(String(build.with?.tags).split('\n')).to.deep.equal([
        `\${{ steps.image-names.outputs.${component} }}:\${{ github.sha }}`,
        `\${{ steps.image-names.outputs.${component} }}:main`,
      ]);
      expect(job.outputs?.[`${component}-digest`]).to.equal(`\${{ steps.build-${component}.outputs.digest }}`);
    }
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

  it('runs the end-to-end smoke checks with gateway and backend containers on one bridge network', () => {
    const job = jobOf(mainWorkflow, 'integration-test');
    expect(stepOf(job, 'build-backend').with).to.include({ 'tags': 'llm-backend:local', 'cache-from': 'type=gha,scope=llm-backend' });
    expect(stepOf(job, 'smoke').run).to.equal('npm run docker:smoke -- --no-build --network bridge');
  });

  it('summarizes images, digests and the benchmark table', () => {
    const job = jobOf(mainWorkflow, 'release-summary');
    expect(job.env).to.include({ GATEWAY_DIGEST: '${{ needs.build-and-push.outputs.gateway-digest }}' });
    expect(stepOf(job, 'benchmark-table').if).to.equal("needs.benchmark.result == 'success'");
    expect(stepOf(job, 'benchmark-table').run).to.equal('{ echo "## Benchmark"; cat bench/benchmark.md; } >> "$GITHUB_STEP_SUMMARY"');
    expect(stepOf(job, 'job-results').run).to.contain('exit 1');
  });
});
