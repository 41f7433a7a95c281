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

  const io = (out: string[] = []): CommandIo => ({ env: {}, out: (text) => out.push(text), err: () => undefined, errIsTTY: false });

  async function run(name: string, url: string, flags: string[] = []): Promise<{ result: BenchResult; file: string; summary: string }> {
    const file = join(dir, `${name}.json`);
    const out: string[] = [];
    expect(await runCommand(['--url', url, '-n', '40', '-c', '4', '--warmup', '4', '-o', file, ...flags], io(out))).to.equal(0);
    return { result: resultSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), file, summary: out.join('') };
  }

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
