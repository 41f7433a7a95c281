import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import { readmeEnd, readmeStart } from '../../../bench/backend/bench-report.js';
import { runTsScript } from '../../support/run-node.js';

const cli = new URL('../../../bench/backend/cli.ts', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'bench-backend-'));

describe('bench:backend CLI', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs a tiny benchmark against real child-process servers and writes the README section', async () => {
    // GIVEN a README with the benchmark markers
    const readme = join(scratch, 'README.md');
    writeFileSync(readme, `# Perf\n${readmeStart}\nold table\n${readmeEnd}\n`);

    // WHEN the benchmark runs with tiny settings
    const { code, stdout } = await runTsScript(cli, [
      '--rounds', '1', '--round-ms', '150', '--connections', '2', '--ttft-ms', '5', '--itl-ms', '2',
      '--stream-tokens', '3', '--streams', '1,2', '--waves', '1', '--write-readme', readme,
    ]);
    expect(code).to.equal(0);

    // THEN it prints both tables with measured numbers and puts them in the README
    expect(stdout).to.match(/\| mock backend \| \d+ \|/);
    expect(stdout).to.match(/\| bare node:http, same bytes \| \d+ \|/);
    expect(stdout).to.match(/\| 2 \| \d+\.\d\d \|/);
    expect(readFileSync(readme, 'utf8')).to.equal(`# Perf\n${readmeStart}\n${stdout}${readmeEnd}\n`);
  });

  it('rejects bad settings with exit code 2', async () => {
    const failure = await runTsScript(cli, ['--streams', '0,x']);
    expect(failure.code).to.equal(2);
    expect(failure.stderr).to.include("--streams='0,x' is invalid");
    const missing = await runTsScript(cli, ['--write-readme', join(scratch, 'none.md')]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('none.md does not exist or has no');
  });
});
