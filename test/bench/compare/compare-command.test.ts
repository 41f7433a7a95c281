import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import type { CommandIo } from '../../../src/bench/command-io.js';
import { compareCommand } from '../../../src/bench/compare/compare-command.js';
import { cpuWindows, craftResult, latencySamples } from '../../support/bench-results.js';

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
    const outputs = file('outputs.txt');
    const output = io({ GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs });
    // WHEN
    const code = await compareCommand(['--current', same, '--baseline', baseline, '--json', verdict, '--history', history, '--resamples', '200'], output.value);
    // THEN
    expect(code).to.equal(0);
    expect(output.text()).to.match(/^metric +baseline/);
    expect(output.text()).to.include('PASS: no regression');
    const written = JSON.parse(readFileSync(verdict, 'utf8'));
    expect(written).to.include({
      schema_version: 3, method: 'compare', status: 'pass', failed: false, baseline_eligible: true, rule: 'statistical', scenario: null, baseline, current: same, rounds: null,
    });
    expect(written.metrics.map((row: { metric: string }) => row.metric)).to.deep.equal(['p95_latency', 'error_rate', 'p50_latency', 'throughput']);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown.indexOf('| metric |')).to.be.below(markdown.indexOf('```mermaid'));
    expect(JSON.parse(readFileSync(history, 'utf8')).runs[0]).to.include({ git_commit: 'abcdef0123456789', status: 'pass' });
    expect(readFileSync(outputs, 'utf8')).to.equal('status=pass\nfailed=false\nbaseline-eligible=true\n');
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

  it('fails a gateway overhead p95 1.5x the baseline\'s, with either rule, while end-to-end latency holds', async () => {
    // GIVEN the same end-to-end latencies; the gateway's own time 1.5x longer
    const latencies = latencySamples(500, 10, 1);
    const overheadBase = file('overhead-base.json', craftResult(latencies, { gatewayTiming: latencySamples(500, 0.2, 2) }));
    const overheadSlow = file('overhead-slow.json', craftResult(latencies, { gatewayTiming: latencySamples(500, 0.2, 3).map((value) => value * 1.5) }));
    for (const rule of ['statistical', 'threshold']) {
      const verdict = file(`overhead-${rule}.json`);
      const output = io();
      // WHEN
      const code = await compareCommand(['--current', overheadSlow, '--baseline', overheadBase, '--rule', rule, '--json', verdict, '--resamples', '200'], output.value);
      // THEN
      expect(code, rule).to.equal(1);
      expect(output.text(), rule).to.match(/FAIL: gateway overhead p95 fail \(\+\d+\.\d%/);
      const written = JSON.parse(readFileSync(verdict, 'utf8'));
      expect(written.failing_metrics, rule).to.deep.equal(['gateway_overhead_p95']);
      const row = written.metrics.find((metric: { metric: string }) => metric.metric === 'gateway_overhead_p95');
      expect(row, rule).to.include({ verdict: 'fail' });
      expect(row.change, rule).to.be.within(0.3, 0.7);
    }
  });

  it('gates the overhead scenario on CPU per request and only reports its latencies', async () => {
    // GIVEN overhead-scenario runs: the current one 1.5x slower end to end but the same CPU, then 1.33x the CPU
    const overhead = { parameters: { scenario: 'overhead' } };
    const cpuBase = file('cpu-base.json', craftResult(latencySamples(500, 10, 1), { ...overhead, targetCpu: cpuWindows(40, 300, 1) }));
    const slowSameCpu = file('cpu-slow.json', craftResult(latencySamples(500, 15, 2), { ...overhead, targetCpu: cpuWindows(40, 300, 2) }));
    const costlier = file('cpu-costlier.json', craftResult(latencySamples(500, 10, 3), { ...overhead, targetCpu: cpuWindows(40, 400, 3) }));
    // WHEN
    const slowOutput = io();
    const slowCode = await compareCommand(['--current', slowSameCpu, '--baseline', cpuBase, '--resamples', '200'], slowOutput.value);
    const verdict = file('cpu-verdict.json');
    const costlierOutput = io();
    const costlierCode = await compareCommand(['--current', costlier, '--baseline', cpuBase, '--json', verdict, '--resamples', '200'], costlierOutput.value);
    const loose = await compareCommand(['--current', costlier, '--baseline', cpuBase, '--fail-cpu-pct', '40', '--resamples', '200'], io().value);
    // THEN
    expect(slowCode).to.equal(0);
    expect(slowOutput.text()).to.match(/p95 latency: reported, not gated in this scenario \(slower by more than 20\.0%/);
    expect(costlierCode).to.equal(1);
    expect(costlierOutput.text()).to.match(/^target CPU per request +\d{3}\.\d µs +\d{3}\.\d µs +\+3\d\.\d% +x1\.\d{3} to x1\.\d{3} +FAIL$/m);
    expect(costlierOutput.text()).to.match(/FAIL: target CPU per request fail \(\+3\d\.\d%, 40\d\.\d µs\)/);
    expect(JSON.parse(readFileSync(verdict, 'utf8')).failing_metrics).to.deep.equal(['target_cpu_per_request']);
    expect(loose).to.equal(0);
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

  it('fails an inconclusive verdict only with --fail-on-inconclusive, and never makes it the baseline', async () => {
    const few = file('few.json', craftResult(latencySamples(5, 10, 4)));
    const target = file('kept-baseline.json', craftResult(latencySamples(500, 10, 1)));
    const before = readFileSync(target, 'utf8');
    const output = io();
    expect(await compareCommand(['--current', few, '--baseline', target, '--set-baseline'], output.value)).to.equal(0);
    expect(output.text()).to.include('baseline kept (the verdict is inconclusive)');
    expect(readFileSync(target, 'utf8')).to.equal(before);
    const rerun = io();
    expect(await compareCommand(['--current', few, '--baseline', baseline, '--fail-on-inconclusive', '--quiet'], rerun.value)).to.equal(1);
    expect(rerun.text()).to.match(/^INCONCLUSIVE: .*\(inconclusive again after a rerun\)\n$/);
  });

  it('refuses, naming the difference, to compare runs of different scenarios or loads', async () => {
    const other = file('other-load.json', craftResult(latencySamples(500, 10, 2), { parameters: { concurrency: 16, scenario: 'overhead' } }));
    const error = await compareCommand(['--current', other, '--baseline', baseline], io().value).catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal(`${other}: not comparable with ${baseline}: scenario null vs overhead, concurrency 4 vs 16`);
  });

  it('replaces a baseline of another load only when asked, and says so', async () => {
    // GIVEN a stored baseline of a load the scenario no longer uses (its definition changed)
    const old = file('old-load-baseline.json', craftResult(latencySamples(500, 10, 2), { parameters: { concurrency: 16 } }));
    const output = io();
    // WHEN
    const code = await compareCommand(['--current', same, '--baseline', old, '--replace-unlike-baseline', '--set-baseline'], output.value);
    // THEN it passes without judging, names the difference, and tonight's run becomes the baseline
    expect(code).to.equal(0);
    expect(output.text()).to.match(/^SKIPPED: the baseline at .*old-load-baseline\.json used another load \(concurrency 16 vs 4\), nothing to compare/);
    expect(output.text()).to.include(`baseline updated: ${old}`);
    expect(JSON.parse(readFileSync(old, 'utf8'))).to.deep.equal(JSON.parse(readFileSync(same, 'utf8')));
  });

  it('reads a version 1 baseline and writes the current version when it replaces it', async () => {
    // GIVEN a baseline written before scenarios (no raw TTFT samples, no scenario)
    const { ttft_ms: _ttft, itl_ms: _itl, server_timing_ms: _timing, server_timing_stats: _stats, ...rest } = craftResult(latencySamples(500, 10, 1));
    const { scenario: _scenario, ...parameters } = rest.parameters;
    const old = file('v1-baseline.json', { ...rest, schema_version: 1, parameters });
    // WHEN
    expect(await compareCommand(['--current', same, '--baseline', old, '--set-baseline', '--resamples', '200'], io().value)).to.equal(0);
    // THEN
    expect(JSON.parse(readFileSync(old, 'utf8'))).to.include({ schema_version: 3 });
  });
});
