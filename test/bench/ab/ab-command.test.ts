import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend, type RunningBackend } from '../../../src/backend/index.js';
import { abCommand } from '../../../src/bench/ab/ab-command.js';
import type { CommandIo } from '../../../src/bench/command-io.js';
import { verdictSchema } from '../../../src/bench/result/verdict-schema.js';

describe('abCommand', function () {
  // Two real mocks in this process; 6 rounds of 40 short streams per side take about a second on a quiet machine.
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'ab-command-'));
  let fast: RunningBackend;
  let slow: RunningBackend;
  before(async () => {
    const tokens = { itlMs: 1, minOutputTokens: 4, maxOutputTokens: 4 };
    [fast, slow] = await Promise.all([startBackend({ ttftMs: 5, ...tokens }), startBackend({ ttftMs: 25, ...tokens })]);
  });
  after(async () => {
    await Promise.all([fast.close(0), slow.close(0)]);
    rmSync(dir, { recursive: true, force: true });
  });

  const load = ['--stream', '-c', '4', '--round-requests', '40', '--rounds', '6'];

  function captureIo(env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CommandIo = { env, out: (text) => out.push(text), err: (text) => err.push(text), errIsTTY: false };
    return { io, out: () => out.join(''), err: () => err.join('') };
  }

  it('passes one mock against itself: verdict file, GITHUB_OUTPUT, Markdown section, report and progress', async () => {
    // GIVEN
    const [verdictFile, outputs, markdown] = ['verdict.json', 'outputs.txt', 'summary.md'].map((name) => join(dir, name));
    const captured = captureIo({ GITHUB_OUTPUT: outputs! });
    // WHEN
    const code = await abCommand(['--baseline-url', fast.url, '--current-url', fast.url, ...load, '--json', verdictFile!, '--markdown', markdown!], captured.io);
    // THEN
    expect(code).to.equal(0);
    const verdict = verdictSchema.parse(JSON.parse(readFileSync(verdictFile!, 'utf8')));
    expect(verdict).to.deep.include({ schema_version: 3, method: 'ab', failed: false, baseline_eligible: true, rounds: 6, baseline: fast.url, current: fast.url, scenario: null });
    expect(verdict.metrics.map((row) => row.metric)).to.include.members(['p95_latency', 'ttft_p95', 'itl_p95', 'error_rate', 'p50_latency', 'output_tokens_per_s']);
    // Each side's CPU comes from its own /metrics in every round; without a scenario it is reported, not gated.
    const cpu = verdict.metrics.find((row) => row.metric === 'target_cpu_per_request')!;
    expect(cpu.baseline).to.be.above(0);
    expect(cpu.reason).to.match(/^reported, not gated in this scenario \(.*; 6 paired rounds\)$/);
    expect(readFileSync(outputs!, 'utf8')).to.match(/^status=(pass|warn)\nfailed=false\nbaseline-eligible=true\n$/);
    expect(readFileSync(markdown!, 'utf8')).to.match(/^### benchmark: (PASS|WARN)\n\nA\/B in 6 interleaved rounds: current http:\/\/127\.0\.0\.1:\d+ against baseline/)
      .and.include('| metric | baseline | current | change | interval | verdict |');
    expect(captured.out()).to.match(/^A\/B in 6 interleaved rounds: .*\n\nmetric +baseline/).and.include(`${verdict.summary}\n`);
    const progress = captured.err().trimEnd().split('\n');
    expect(progress).to.have.length(2 + 12);
    expect(progress[0]).to.match(/^ab: warm-up, (baseline|current) http:\/\/127\.0\.0\.1:\d+ \(\d+\.\d s\)$/);
    expect(progress.at(-1)).to.match(/^ab: round 6\/6, (baseline|current) /);
  });

  it('fails a target whose time to first token is five times longer, with exit 1', async () => {
    const outputs = join(dir, 'fail-outputs.txt');
    const verdictFile = join(dir, 'fail.json');
    const captured = captureIo({ GITHUB_OUTPUT: outputs });
    const code = await abCommand(['--baseline-url', fast.url, '--current-url', slow.url, ...load, '--json', verdictFile, '--quiet'], captured.io);
    expect(code).to.equal(1);
    const verdict = verdictSchema.parse(JSON.parse(readFileSync(verdictFile, 'utf8')));
    expect(verdict).to.include({ status: 'fail', failed: true, current: slow.url });
    expect(verdict.failing_metrics).to.include('ttft_p95');
    expect(verdict.metrics.find((row) => row.metric === 'ttft_p95')!.interval![0]).to.be.above(1);
    expect(readFileSync(outputs, 'utf8')).to.equal('status=fail\nfailed=true\nbaseline-eligible=false\n');
    expect(captured.out()).to.match(/^FAIL: .*TTFT p95 fail/);
    expect(captured.out().trimEnd().split('\n')).to.have.length(1);
  });

  it('reads no CPU with --no-target-cpu', async () => {
    const verdictFile = join(dir, 'no-cpu.json');
    const code = await abCommand(['--baseline-url', fast.url, '--current-url', fast.url, ...load, '--json', verdictFile, '--quiet', '--no-target-cpu'], captureIo().io);
    expect(code).to.equal(0);
    const verdict = verdictSchema.parse(JSON.parse(readFileSync(verdictFile, 'utf8')));
    expect(verdict.metrics.map((row) => row.metric)).not.to.include('target_cpu_per_request');
  });

  it('refuses, before measuring, a verdict file it could not write', async () => {
    const unwritable = join(dir, 'missing-folder', 'verdict.json');
    const captured = captureIo();
    const error = await abCommand(['--baseline-url', fast.url, '--current-url', fast.url, ...load, '--json', unwritable], captured.io).catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal(`${unwritable}: cannot write: ENOENT (its folder)`);
    expect(captured.err()).to.equal('');
  });
});
