import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import type { CommandIo } from '../../../src/bench/command-io.js';
import { compareCommand } from '../../../src/bench/compare/compare-command.js';
import { resultSchema, type BenchResult } from '../../../src/bench/result/result-schema.js';
import { applyScenario, runCommand } from '../../../src/bench/run/run-command.js';
import { runSchema } from '../../../src/bench/run/run-options.js';
import { scenarios } from '../../../src/bench/scenario/scenarios.js';
import { parseConfig } from '../../../src/config/index.js';
import { startRig, type GatewayRig } from '../../support/gateway-rig.js';

const configOf = (argv: string[]) => parseConfig(runSchema, { argv, env: {} });

describe('applyScenario', () => {
  it('takes the whole load from the scenario, or its short form', () => {
    const { load } = scenarios.llm;
    expect(applyScenario(configOf(['--scenario', 'llm']))).to.include({
      api: 'chat', stream: true, concurrency: load.concurrency, numRequests: load.requests, warmup: load.warmup,
    });
    expect(applyScenario(configOf(['--scenario', 'overhead', '--short']))).to.include({
      stream: false, concurrency: scenarios.overhead.load.concurrency, numRequests: scenarios.overhead.load.shortRequests,
    });
  });

  it('leaves a run without a scenario as its flags say', () => {
    const config = configOf(['-c', '3']);
    expect(applyScenario(config)).to.equal(config);
  });

  it('refuses load flags beside a scenario, naming them, and --short without one', () => {
    expect(() => applyScenario(configOf(['--scenario', 'llm', '-c', '4', '--stream']))).to.throw('--scenario llm sets the load: drop --concurrency, --stream');
    expect(() => applyScenario(configOf(['--short']))).to.throw('--short needs --scenario');
  });
});

describe('runCommand', function () {
  // Real gateway, real mock and the real client in one process: about a second on a quiet machine.
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), 'run-command-'));
  let rig: GatewayRig;
  before(async () => { rig = await startRig(); });
  after(async () => {
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const io = (out: string[] = [], err: string[] = []): CommandIo => ({
    env: {}, out: (text) => out.push(text), err: (text) => err.push(text), errIsTTY: false,
  });

  interface Run {
    readonly result: BenchResult;
    readonly file: string;
    readonly summary: string;
    readonly stderr: string;
  }

  async function run(name: string, url: string, flags: string[] = []): Promise<Run> {
    const file = join(dir, `${name}.json`);
    const out: string[] = [];
    const err: string[] = [];
    expect(await runCommand(['--url', url, '-n', '40', '-c', '4', '--warmup', '4', '-o', file, ...flags], io(out, err))).to.equal(0);
    return { result: resultSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), file, summary: out.join(''), stderr: err.join('') };
  }

  it("reads the target's CPU before, during and after the measured phase, in windows that add up", async () => {
    // WHEN a run of 600 requests reads the gateway's /metrics every 10 ms
    const { result, stderr } = await run('cpu', rig.gateway.url, ['-n', '600', '--cpu-window-ms', '10']);
    // THEN
    const cpu = result.target_cpu!;
    expect(stderr).not.to.include('CPU');
    expect(cpu).to.include({ metrics_url: `${rig.gateway.url}/metrics`, window_ms: 10, requests: 600 });
    expect(cpu.windows.length).to.be.at.least(2);
    expect(cpu.windows.reduce((sum, window) => sum + window.requests, 0)).to.equal(600);
    expect(cpu.windows.reduce((sum, window) => sum + window.cpu_s, 0)).to.be.closeTo(cpu.cpu_s, 1e-5);
    expect(cpu.cpu_s).to.be.above(0);
    expect(cpu.cpu_us_per_request).to.be.closeTo((cpu.cpu_s * 1e6) / 600, 0.001);
  });

  it('runs on without CPU figures, saying so in one line, against a target without the counter', async () => {
    // GIVEN a metrics address that answers 404
    const missing = `${rig.backends[0]!.url}/nope`;
    // WHEN
    const { result, stderr } = await run('no-metrics', rig.gateway.url, ['--target-metrics', missing]);
    // THEN
    expect(result.successful_requests).to.equal(40);
    expect(result).not.to.have.property('target_cpu');
    expect(stderr.split('\n').filter((line) => line.includes('CPU'))).to.deep.equal([`llm-bench: no target CPU figures: ${missing}: HTTP 404`]);
  });

  it('reads no CPU with --target-metrics none, and refuses a metrics address that is not http(s)', async () => {
    const { result, stderr } = await run('cpu-none', rig.gateway.url, ['--target-metrics', 'none']);
    expect(result).not.to.have.property('target_cpu');
    expect(stderr).to.match(/^progress: 40\/40 requests[^\n]*\n$/);
    for (const bad of ['metrics', 'ftp://127.0.0.1/metrics']) {
      await runCommand(['--url', rig.gateway.url, '--target-metrics', bad, '-o', join(dir, 'bad.json')], io()).then(
        () => expect.fail(`accepted ${bad}`),
        (error: Error) => expect(error.message).to.equal(`--target-metrics must be an http(s) URL or none (got '${bad}')`),
      );
    }
  });

  it('records the gateway\'s Server-Timing gateway;dur once per successful request, below that request\'s latency', async () => {
    for (const flags of [[], ['--stream']]) {
      // WHEN
      const { result, summary } = await run(`gateway${flags.join('')}`, rig.gateway.url, flags);
      // THEN
      expect(result.successful_requests, flags.join()).to.equal(40);
      const gateway = result.server_timing_ms.gateway!;
      expect(gateway, flags.join()).to.have.length(40);
      gateway.forEach((ms, index) => {
        expect(ms, `request ${index}`).to.be.above(0).and.below(result.latencies_ms[index]!);
      });
      expect(result.server_timing_stats.gateway).to.include({ count: 40 });
      expect(result.server_timing_stats.gateway!.p95_ms).to.be.below(result.latency_stats!.p95_ms);
      expect(summary).to.include('Gateway time (Server-Timing gateway;dur) (40 samples):');
    }
  });

  it('records no gateway time against the mock directly, which sends no Server-Timing', async () => {
    const { result, summary } = await run('backend', rig.backends[0]!.url);
    expect(result.successful_requests).to.equal(40);
    expect(result).to.deep.include({ server_timing_ms: {}, server_timing_stats: {} });
    expect(summary).not.to.include('Gateway time');
  });

  it('hands compare a result whose gateway overhead it reports in the verdict', async () => {
    // GIVEN two real runs through the gateway
    const baseline = await run('overhead-baseline', rig.gateway.url);
    const current = await run('overhead-current', rig.gateway.url);
    const verdictFile = join(dir, 'verdict.json');
    // WHEN
    await compareCommand(['--current', current.file, '--baseline', baseline.file, '--json', verdictFile, '--resamples', '200'], io());
    // THEN
    const verdict = JSON.parse(readFileSync(verdictFile, 'utf8')) as { metrics: Array<{ metric: string; baseline: number; current: number }> };
    const row = verdict.metrics.find((metric) => metric.metric === 'gateway_overhead_p95');
    expect(row!.baseline).to.be.closeTo(baseline.result.server_timing_stats.gateway!.p95_ms, 0.001);
    expect(row!.current).to.be.closeTo(current.result.server_timing_stats.gateway!.p95_ms, 0.001);
  });
});
