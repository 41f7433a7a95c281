/**
 * Mocha's spec reporter plus one closing line, `tests: N passed, N failed`,
 * counted from the run's real results so CI can read the outcome. When
 * TESTS_LINE_FILE is set (projenrc/run-tests.ts sets it) the line goes to that
 * file instead, so the runner can print it after c8's coverage summary.
 */
import { writeFileSync } from 'node:fs';
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
      const line = `tests: ${passed} passed, ${failed} failed${pendingText}\n`;
      const lineFile = process.env.TESTS_LINE_FILE;
      if (lineFile) writeFileSync(lineFile, line);
      else process.stdout.write(line);
    });
  }
}
