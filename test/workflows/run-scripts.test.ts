import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { defineJob } from '../../workflows/job.js';
import { listRunScripts } from '../../workflows/run-scripts.js';

describe('listRunScripts', () => {
  it('lists each run: script with its workflow, job and step id or name, and skips action steps', () => {
    const job = defineJob('build', {
      name: 'Build',
      permissions: {},
      timeoutMinutes: 1,
      steps: [
        new Step({ id: 'first', run: 'echo one' }),
        new Step({ uses: 'actions/example@0000000000000000000000000000000000000000' }),
        new Step({ name: 'Second', run: 'echo two' }),
      ],
    });
    const workflow = new Workflow('sample', { on: { push: {} } }).addJob(job);
    expect(listRunScripts(workflow)).to.deep.equal([
      { workflow: 'sample', job: 'build', step: 'first', script: 'echo one' },
      { workflow: 'sample', job: 'build', step: 'Second', script: 'echo two' },
    ]);
  });
});
