/**
 * Mocha's spec reporter plus one closing line, `tests: N passed, N failed`,
 * counted from the run's real results so CI can read the outcome.
 */
import Mocha from 'mocha';

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

export default class SummaryReporter extends Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats;
      const passed = stats?.passes ?? 0;
      const failed = stats?.failures ?? 0;
      const pending = stats?.pending ?? 0;
      const pendingText = pending > 0 ? `, ${pending} pending` : '';
      process.stdout.write(`tests: ${passed} passed, ${failed} failed${pendingText}\n`);
    });
  }
}
