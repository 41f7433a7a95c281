import { expect } from 'chai';
import { describe, it } from 'mocha';
import { runTsScript } from '../support/run-node.js';

const fixture = new URL('../fixtures/config-cli.ts', import.meta.url).pathname;
const runFixture = (args: string[], env: Record<string, string> = {}) => runTsScript(fixture, args, env);

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
