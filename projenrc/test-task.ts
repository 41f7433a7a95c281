import type { typescript } from 'projen';

/** Cases each property of the fuzz suite runs in `npm test`; `npm run test:fuzz` runs many more. */
const fuzzRunsLong = 2000;

/**
 * `npm test`: type-check everything, lint, prove the generated files match
 * .projenrc.ts, then run the mocha suite under c8 with its coverage bar; the
 * last line is `tests: N passed, N failed`.
 * `npm run test:fuzz`: the property-based suites alone, with many more cases.
 */
export function setupTestTask(project: typescript.TypeScriptProject): void {
  // fast-check generates and shrinks the hostile inputs of the fuzz suites (bad requests, broken responses):
  // hand-written generators would cover less and shrink nothing.
  project.addDevDeps('fast-check@^4');
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
  project.addTask('test:fuzz', {
    description: `Run the property-based (fuzz) suites with ${fuzzRunsLong} cases per property instead of npm test's few`,
    env: { FUZZ_RUNS: String(fuzzRunsLong) },
    exec: 'mocha --timeout 600000 --grep "(fuzz)"',
    receiveArgs: true,
  });
}
