import type { typescript } from 'projen';

/**
 * `npm test`: type-check everything, lint, prove the generated files match
 * .projenrc.ts, then run the mocha suite under c8 with its coverage bar; the
 * last line is `tests: N passed, N failed`.
 */
export function setupTestTask(project: typescript.TypeScriptProject): void {
  const test = project.testTask;
  test.reset();
  test.exec('tsc --noEmit -p tsconfig.json', { name: 'typecheck src' });
  test.exec('tsc --noEmit -p test/tsconfig.json', { name: 'typecheck test' });
  test.exec('tsc --noEmit -p projenrc/tsconfig.json', { name: 'typecheck projenrc' });
  test.exec('tsc --noEmit -p bench/tsconfig.json', { name: 'typecheck benchmark scripts' });
  test.spawn(project.eslint!.eslintTask);
  test.exec('tsx projenrc/check-drift.ts', { name: 'generated files match .projenrc.ts' });
  // projenrc/run-tests.ts runs `c8 mocha` and prints the tests line after the coverage summary.
  test.exec('tsx projenrc/run-tests.ts', { name: 'mocha under c8', receiveArgs: true });
}
