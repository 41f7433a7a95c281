import { Step } from '@github-actions-workflow-ts/lib';
import { runtimeFiles } from './files.js';

/**
 * After every scenario measured and compare appended it to the history:
 * change points over the whole history. A lasting regression at the newest
 * nights (slow creep that no single night's compare failed) fails the step,
 * and so the job, like compare's regressions; its verdict goes to the issue
 * command with theirs. Writes the `status` and `failed` outputs, like compare.
 */
export function historyStep(): Step {
  return new Step({
    id: 'history',
    name: 'Look for lasting changes in the history (change points)',
    if: "${{ !cancelled() && steps.outcome.outputs.measured == 'true' }}",
    run: `npx llm-bench history --history ${runtimeFiles.history} --json ${runtimeFiles.historyVerdict}`,
  });
}
