import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { describe, it } from 'mocha';

const run = promisify(execFile);
const fixture = new URL('../fixtures/config-cli.ts', import.meta.url).pathname;

interface CliResult { code: number; stdout: string; stderr: string }

async function runFixture(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', fixture, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('runCli', () => {
  it('prints a usage error as one line and exits 2', async () => {
    const result = await runFixture([], { PORT: 'seventy' });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal("config-cli: PORT='seventy' is invalid: expected an integer from 0 to 65535\n");
    expect(result.stdout).to.equal('');
  });

  it('runs main and uses its return value as the exit code', async () => {
    const ok = await runFixture(['--port', '1234']);
    expect(ok.code).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.equal({ port: 1234, level: 'info' });
    const custom = await runFixture(['--log-level', 'debug']);
    expect(custom.code).to.equal(3);
  });
});
