/**
 * The mocha suite under c8 (coverage bar included), with the reporter's
 * `tests: N passed, N failed` line printed last, after c8's coverage summary,
 * so that it is the last line of `npm test` whatever happened before it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'tests-line-'));
const lineFile = join(scratch, 'line');
try {
  const run = spawnSync('c8', ['mocha', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TESTS_LINE_FILE: lineFile },
  });
  let line: string;
  try {
    line = readFileSync(lineFile, 'utf8');
  } catch {
    line = `tests: mocha ended before reporting (${run.error?.message ?? `exit ${run.status ?? run.signal}`})\n`;
  }
  process.exitCode = run.status ?? 1;
  process.stdout.write(line);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
