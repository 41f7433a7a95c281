import { expect } from 'chai';
import { describe, it } from 'mocha';
import { resolveSettings, SettingsError, type PlatformSettingsInput } from '../../projenrc/settings/index.js';
import { actions, usesOf } from '../../workflows/actions.js';
import { prWorkflow } from '../../workflows/pr.js';
import { jobOf, needsOf, stepOf } from '../support/workflow-queries.js';

const lintAction = { repository: 'acme/lint-action', sha: 'a'.repeat(40), version: 'v2.1.0' };

function prWith(jobs: NonNullable<PlatformSettingsInput['pullRequest']>['jobs']) {
  return prWorkflow(resolveSettings({ pullRequest: { jobs } }));
}

describe('the settings\' PR jobs', () => {
  it('get least privilege, a time bound, the Node project steps before theirs, pinned actions, and PR Summary waits for them', () => {
    // GIVEN a custom script and a custom action, one after the other
    const workflow = prWith([
      { id: 'licenses', name: 'Licenses', steps: [{ id: 'licenses', name: 'Check licenses', run: 'npm run check:licenses', env: { STRICT: '1' } }] },
      {
        id: 'acme-lint',
        name: 'Acme Lint',
        permissions: { 'pull-requests': 'read' },
        timeoutMinutes: 5,
        needs: ['licenses', 'build-gateway'],
        steps: [{ id: 'lint', name: 'Acme lint', uses: lintAction, with: { strict: true } }],
      },
    ]);
    // THEN each is a job of the PR workflow as the project's own are
    const licenses = jobOf(workflow, 'licenses');
    expect(licenses).to.deep.include({ 'name': 'Licenses', 'runs-on': 'ubuntu-24.04', 'permissions': { contents: 'read' }, 'timeout-minutes': 10 });
    expect(licenses.steps?.map((step) => step.uses ?? step.run)).to.deep.equal([
      usesOf(actions.checkout), usesOf(actions.setupNode), 'npm ci --no-audit --no-fund', 'npm run check:licenses',
    ]);
    expect(licenses.steps?.[0]?.with).to.deep.equal({ 'persist-credentials': false });
    expect(stepOf(licenses, 'licenses').env).to.deep.equal({ STRICT: '1' });
    const lint = jobOf(workflow, 'acme-lint');
    expect(lint).to.deep.include({ 'permissions': { 'contents': 'read', 'pull-requests': 'read' }, 'timeout-minutes': 5 });
    expect(needsOf(lint)).to.deep.equal(['licenses', 'build-gateway']);
    expect(stepOf(lint, 'lint')).to.deep.include({ uses: `acme/lint-action@${'a'.repeat(40)}`, with: { strict: true } });
    // AND PR Summary needs them with the others
    expect(needsOf(jobOf(workflow, 'pr-summary'))).to.include.members(['licenses', 'acme-lint', 'lint', 'test', 'kubernetes']);
  });

  it('refuse to replace a job of the workflow or to need one that is not there, naming the setting', () => {
    const job = (id: string, needs: string[] = []) => ({ id, name: id, needs, steps: [{ id: 'step', name: 'Step', run: 'true' }] as [{ id: string; name: string; run: string }] });
    const problems = (jobs: ReturnType<typeof job>[]) => {
      try {
        prWith(jobs);
        return [];
      } catch (error) {
        if (!(error instanceof SettingsError)) throw error;
        return error.problems;
      }
    };
    expect(problems([job('test')])).to.deep.equal([
      "pullRequest.jobs[0].id: 'test' is a job of the PR workflow already (lint, test, build-gateway, build-backend, smoke-test, kubernetes, pr-summary)",
    ]);
    expect(problems([job('pr-summary')])).to.have.length(1);
    expect(problems([job('first', ['second']), job('second')])).to.deep.equal([
      "pullRequest.jobs[0].needs: 'second' is not a job of the PR workflow before it",
    ]);
  });
});
