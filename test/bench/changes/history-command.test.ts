import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import { BenchInputError } from '../../../src/bench/bench-input-error.js';
import { historyCommand } from '../../../src/bench/changes/history-command.js';
import type { CommandIo } from '../../../src/bench/command-io.js';
import { historySchemaVersion } from '../../../src/bench/result/history-file.js';
import { UsageError } from '../../../src/config/index.js';
import { craftHistory, noisySeries } from '../../support/bench-histories.js';

describe('historyCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'history-command-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const historyFile = (name: string, values: readonly number[]) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ schema_version: historySchemaVersion, retention_days: 365, runs: craftHistory(values) }));
    return path;
  };
  const creeping = historyFile('creeping.json', noisySeries(50, 3, { cv: 0.02, stepAt: 42, factor: 1.08 }));
  const steady = historyFile('steady.json', noisySeries(50, 4, { cv: 0.02 }));

  function io(env: Record<string, string> = {}) {
    const out: string[] = [];
    const value: CommandIo = { env, out: (text) => out.push(text), err: () => undefined, errIsTTY: false };
    return { value, text: () => out.join('') };
  }

  it('exits 1 on a slow creep no single night would fail, writing the verdict, the outputs and the step summary', async () => {
    // GIVEN a +8% step 8 nights ago (compare's limit is 20%)
    const summary = join(dir, 'summary.md');
    const outputs = join(dir, 'outputs.txt');
    const verdictFile = join(dir, 'verdict-history.json');
    const output = io({ GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs });
    // WHEN
    const code = await historyCommand(['--history', creeping, '--json', verdictFile], output.value);
    // THEN
    expect(code).to.equal(1);
    expect(output.text()).to.match(/^\| scenario \| metric \| commits/);
    expect(output.text()).to.match(/\nFAIL: change point at the newest nights: overhead target CPU per request \+\d\.\d% since c420000 \(8 nights\)\n$/);
    const verdict = JSON.parse(readFileSync(verdictFile, 'utf8'));
    expect(verdict).to.include({ schema_version: 3, method: 'history', status: 'fail', failed: true, baseline: creeping });
    expect(verdict.change_points[0]).to.include({ commit_before: 'c4100000', commit_after: 'c4200000', direction: 'regression' });
    expect(readFileSync(outputs, 'utf8')).to.equal('status=fail\nfailed=true\n');
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).to.match(/^### change points: FAIL/).and.include('"▲ c420000"');
  });

  it('exits 0 on a steady history and prints one line when quiet', async () => {
    const output = io();
    expect(await historyCommand(['--history', steady, '--quiet'], output.value)).to.equal(0);
    expect(output.text()).to.equal('PASS: no lasting regression in the newest 14 nights (0 change points found, 0 older)\n');
  });

  it('looks for change points only since a scenario\'s load last changed, and says what it left out', async () => {
    // GIVEN the creeping history, whose step comes with a redefined load (the scenario measures something else)
    const runs = craftHistory(noisySeries(50, 3, { cv: 0.02, stepAt: 42, factor: 1.08 }))
      .map((run, night) => (night >= 42 ? { ...run, load: 'scenario=overhead rate=2000' } : run));
    const path = join(dir, 'load-changed.json');
    writeFileSync(path, JSON.stringify({ schema_version: historySchemaVersion, retention_days: 365, runs }));
    const output = io();
    // WHEN
    const code = await historyCommand(['--history', path], output.value);
    // THEN the step between the two loads is no regression, and the report says why it is not seen
    expect(code).to.equal(0);
    expect(output.text()).to.match(/^overhead: 42 earlier runs under another load left out \(this load since c420000\)\n/);
    expect(output.text()).to.match(/\nPASS: no lasting regression/);
  });

  it('refuses a missing history and a window too short to judge anything', async () => {
    const missing = await historyCommand(['--history', join(dir, 'none.json')], io().value).catch((caught: unknown) => caught);
    expect(missing).to.be.instanceOf(BenchInputError).with.property('message').that.matches(/none\.json: file not found$/);
    const short = await historyCommand(['--history', steady, '--newest-nights', '3'], io().value).catch((caught: unknown) => caught);
    expect(short).to.be.instanceOf(UsageError).with.property('message', '--newest-nights (3) must be at least --min-segment (5): no change point could be that recent');
  });
});
