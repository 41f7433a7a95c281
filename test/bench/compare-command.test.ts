import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import type { CommandIo } from '../../src/bench/command-io.js';
import { compareCommand } from '../../src/bench/compare-command.js';
import { craftResult, latencySamples } from '../support/bench-results.js';

describe('compareCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compare-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, value?: unknown) => {
    const path = join(dir, name);
    if (value !== undefined) writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const baseline = file('baseline.json', craftResult(latencySamples(500, 10, 1)));
  const same = file('same.json', craftResult(latencySamples(500, 10, 2)));
  const slow = file('slow.json', craftResult(latencySamples(500, 10, 3).map((value) => value * 1.5)));

  function io(env: Record<string, string> = {}) {
    const out: string[] = [];
    const value: CommandIo = { env, out: (text) => out.push(text), err: () => undefined, errIsTTY: false };
    return { value, text: () => out.join('') };
  }

  it('passes, writes the verdict, appends history and the step summary with a chart', async () => {
    // GIVEN
    const summary = file('summary.md');
    const history = file('history.json');
    const verdict = file('verdict.json');
    const output = io({ GITHUB_STEP_SUMMARY: summary });
    // WHEN
    const code = await compareCommand(['--current', same, '--baseline', baseline, '--json', verdict, '--history', history, '--resamples', '200'], output.value);
    // THEN
    expect(code).to.equal(0);
    expect(output.text()).to.match(/^metric +baseline/);
    expect(output.text()).to.include('PASS: no regression');
    const written = JSON.parse(readFileSync(verdict, 'utf8'));
    expect(written).to.include({ schema_version: 1, status: 'pass', failed: false, rule: 'statistical' });
    expect(written.metrics.map((row: { metric: string }) => row.metric)).to.deep.equal(['p95_latency', 'error_rate', 'p50_latency', 'throughput']);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown.indexOf('| metric |')).to.be.below(markdown.indexOf('```mermaid'));
    expect(JSON.parse(readFileSync(history, 'utf8')).runs[0]).to.include({ git_commit: 'abcdef0123456789', status: 'pass' });
  });

  it('exits 1 on a regression, prints one line when quiet, and keeps the baseline', async () => {
    const before = readFileSync(baseline, 'utf8');
    const output = io();
    const code = await compareCommand(['--current', slow, '--baseline', baseline, '--quiet', '--set-baseline', '--resamples', '200'], output.value);
    expect(code).to.equal(1);
    expect(output.text()).to.match(/^FAIL: p95 latency fail \(\+\d+\.\d%, [\d.]+ ms\)/);
    expect(output.text().trimEnd().split('\n')).to.have.length(1);
    expect(readFileSync(baseline, 'utf8')).to.equal(before);
  });

  it('sets the baseline from a passing run', async () => {
    const target = file('new-baseline.json', craftResult(latencySamples(500, 10, 1)));
    const output = io();
    expect(await compareCommand(['--current', same, '--baseline', target, '--set-baseline', '--resamples', '200'], output.value)).to.equal(0);
    expect(JSON.parse(readFileSync(target, 'utf8'))).to.deep.equal(JSON.parse(readFileSync(same, 'utf8')));
    expect(output.text()).to.include(`baseline updated: ${target}`);
  });

  it('passes without a baseline only when allowed, and can create it', async () => {
    const missing = join(dir, 'missing.json');
    const error = await compareCommand(['--current', same, '--baseline', missing], io().value).catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal(`${missing}: file not found (use --allow-missing-baseline to pass without one)`);
    const output = io();
    expect(await compareCommand(['--current', same, '--baseline', missing, '--allow-missing-baseline', '--set-baseline'], output.value)).to.equal(0);
    expect(output.text()).to.match(/^SKIPPED: no baseline/);
    expect(existsSync(missing)).to.equal(true);
  });

  it('fails an inconclusive verdict only with --fail-on-inconclusive', async () => {
    const few = file('few.json', craftResult(latencySamples(5, 10, 4)));
    expect(await compareCommand(['--current', few, '--baseline', baseline], io().value)).to.equal(0);
    expect(await compareCommand(['--current', few, '--baseline', baseline, '--fail-on-inconclusive'], io().value)).to.equal(1);
  });
});
