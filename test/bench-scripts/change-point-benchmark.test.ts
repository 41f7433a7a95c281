import { expect } from 'chai';
import { describe, it } from 'mocha';
import { runTsScript } from '../support/run-node.js';

const script = new URL('../../bench/change-point-benchmark.ts', import.meta.url).pathname;

describe('bench:changes script', function () {
  this.timeout(60_000);

  it('measures detection and false alarms on synthetic histories of a given noise, and prints the command', async () => {
    // WHEN it runs with a given noise (no real runs) and a few trials
    const { code, stdout } = await runTsScript(script, ['--cv', '2', '--trials', '4', '--permutations', '99']);
    // THEN
    expect(code).to.equal(0);
    expect(stdout).to.include('| overhead target_cpu_per_request, CV 2.0% | +10% step at night 30: found within 2 nights | 4/4 (100.0%) | 4/4 (100.0%) (ceiling: least-squares split) |');
    expect(stdout).to.match(/\| flat: raises a change point \| [0-4]\/4 /);
    expect(stdout).to.match(/\| \+10% step 7 nights before the newest: FAIL \| [0-4]\/4 \(\d+\.\d%\) \| [0-4]\/4 \(\d+\.\d%\) \(newest 7 vs 30 before, 5%\) \|/);
    expect(stdout).to.include('npm run bench:changes -- --cv 2 --trials 4 --permutations 99; detection: --min-segment 5');
  });

  it('rejects bad settings with exit code 2', async () => {
    const failure = await runTsScript(script, ['--trials', '0']);
    expect(failure.code).to.equal(2);
    expect(failure.stderr).to.match(/^bench:changes: --trials='0' is invalid/);
  });
});
