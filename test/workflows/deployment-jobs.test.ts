import { expect } from 'chai';
import { describe, it } from 'mocha';
import { defaultSettings, resolveSettings } from '../../projenrc/settings/index.js';
import { mainWorkflow } from '../../workflows/main.js';
import { prWorkflow } from '../../workflows/pr.js';
import { jobOf, jobsOf, needsOf, stepOf } from '../support/workflow-queries.js';

describe('main\'s deployment stages', () => {
  const settings = resolveSettings({
    environments: [...defaultSettings.environments, { name: 'canary', namespace: 'inference-canary', backendReplicas: 1 }],
    deployments: [{ environment: 'canary' }, { environment: 'staging' }, { environment: 'production' }],
  });
  const main = mainWorkflow(settings);

  it('deploy one environment after the other, the first once the images are promoted', () => {
    expect(Object.keys(jobsOf(main)).filter((id) => id.startsWith('deploy-'))).to.deep.equal(['deploy-canary', 'deploy-staging', 'deploy-production']);
    expect(needsOf(jobOf(main, 'deploy-canary'))).to.deep.equal(['build-and-push', 'promote']);
    expect(needsOf(jobOf(main, 'deploy-staging'))).to.deep.equal(['build-and-push', 'deploy-canary']);
    expect(needsOf(jobOf(main, 'deploy-production'))).to.deep.equal(['build-and-push', 'deploy-staging']);
    expect(needsOf(jobOf(main, 'release-summary'))).to.include.members(['deploy-canary', 'deploy-staging', 'deploy-production']);
  });

  it('each in its GitHub environment, never cancelled midway, read-only, with its namespace and a time bound', () => {
    const production = jobOf(main, 'deploy-production');
    expect(production).to.deep.include({
      'name': 'Deploy Production',
      'environment': 'production',
      'permissions': { contents: 'read' },
      'timeout-minutes': 20,
      'concurrency': { 'group': 'deploy-production', 'cancel-in-progress': false },
    });
    expect(stepOf(production, 'kubeconfig').run).to.contain('::notice title=Deploy Production skipped::no KUBECONFIG secret in the production environment');
    expect(stepOf(production, 'deploy').run).to.match(/^npm run k8s:deploy -- --env production \\/);
    expect(stepOf(jobOf(main, 'deploy-canary'), 'cluster-smoke').run).to.equal('npm run k8s:smoke -- --namespace inference-canary');
  });

  it('the PR workflow\'s kind cluster tests the first stage\'s environment, scaling its backends one above its count', () => {
    const kind = jobOf(prWorkflow(settings), 'kubernetes');
    expect(stepOf(kind, 'deploy').run).to.match(/^npm run k8s:deploy -- --env canary /);
    expect(stepOf(kind, 'cluster-smoke').run).to.equal('npm run k8s:smoke -- --namespace inference-canary --scale-backends 2');
  });
});
