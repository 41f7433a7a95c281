import { expect } from 'chai';
import { describe, it } from 'mocha';
import { defaultSettings } from '../../projenrc/settings/index.js';
import { scenarioNames } from '../../src/bench/scenario/scenarios.js';
import { nightlyBenchWorkflow as createNightlyBenchWorkflow } from '../../workflows/nightly-bench.js';
import { baselineCommit, runNight, scheduledOn, type Night, type NightRun } from '../support/nightly-runs.js';
import { pushedDigest } from '../support/nightly-workspace.js';
import { jobOf, needsOf, stepOf } from '../support/workflow-queries.js';
import { splitCommands } from '../support/workflow-references.js';
import { runJob } from '../support/workflow-runner.js';

const nightlyBenchWorkflow = createNightlyBenchWorkflow(defaultSettings);
const benchmark = jobOf(nightlyBenchWorkflow, 'benchmark');
const report = jobOf(nightlyBenchWorkflow, 'report');
const schedule = scheduledOn('main');
const image = defaultSettings.registry.images.gateway;
const abVerdicts = 'bench/ab-verdict-overhead.json,bench/ab-verdict-llm.json';
const compareVerdicts = 'bench/verdict-overhead.json,bench/verdict-llm.json';
const historyVerdict = 'bench/verdict-history.json';

function nightly(night: Night = {}): NightRun {
  return runNight({ benchmark, report }, night);
}

/** The A/B ran for no scenario: compare's verdicts decide and compare moves the baselines. */
function expectCrossDayDecides(run: NightRun, reason: string): void {
  expect(run.bench.logs['baseline-image'], reason).to.contain(`::notice title=No A/B tonight::${reason}: the cross-day comparison with the stored baseline decides`);
  expect(run.bench.steps['baseline-image']?.outputs, reason).to.deep.include({ available: 'false', reason });
  expect(run.bench.ran, reason).to.not.include.members(scenarioNames.flatMap((name) => [`start-baseline-${name}`, `ab-${name}`, `adopt-baseline-${name}`]));
  expect(run.bench.logs['compare-llm'], reason).to.contain('--set-baseline');
  expect(run.bench.result, reason).to.equal('success');
  expect(run.bench.outputs, reason).to.deep.include({ 'measured': 'true', 'verdicts': compareVerdicts, 'cross-day': '' });
  expect(run.report.ran, reason).to.include('issue');
}

describe('nightly-bench.yml', function () {
  // Each night runs some forty bash scripts; on a loaded 2-core machine that takes seconds.
  this.timeout(60_000);

  it('runs at 02:00 UTC every day, queued, and on demand with an optional short form', () => {
    const on = nightlyBenchWorkflow.workflow.on as { schedule: unknown; workflow_dispatch: { inputs: Record<string, unknown> } };
    expect(on.schedule).to.deep.equal([{ cron: '0 2 * * *' }]);
    expect(on.workflow_dispatch.inputs.short).to.include({ type: 'boolean', default: false });
    expect(nightlyBenchWorkflow.workflow.concurrency).to.deep.equal({ 'group': 'nightly-bench', 'cancel-in-progress': false });
    expect(needsOf(report)).to.deep.equal(['benchmark']);
    expect(report.permissions).to.deep.equal({ contents: 'read', issues: 'write' });
    expect(benchmark.permissions).to.deep.equal({ contents: 'read', actions: 'read', packages: 'read' });
  });

  it("starts each scenario's backends with its latency model, tonight's gateway and the baseline gateway in front of the same backends", () => {
    const start = String(stepOf(benchmark, 'start-llm').run);
    expect(start).to.contain('docker network create llm-bench');
    expect(start).to.contain(`--network llm-bench --publish 127.0.0.1:8001:8001 -e MOCK_TTFT_MS=${defaultSettings.scenarios.llm.backend.env.MOCK_TTFT_MS}`);
    expect(start).to.contain('-e BACKEND_URLS=http://llm-backend-1:8001,http://llm-backend-2:8001 llm-gateway:local');
    expect(stepOf(benchmark, 'start-baseline-llm').run).to.contain('docker run --detach --name llm-gateway-baseline --network llm-bench'
      + ' --publish 127.0.0.1:8002:8000 -e BACKEND_URLS=http://llm-backend-1:8001,http://llm-backend-2:8001 llm-gateway:baseline');
    expect(stepOf(benchmark, 'run-llm').run).to.contain('npx llm-bench run --scenario llm --url "$GATEWAY_URL"');
    expect(stepOf(benchmark, 'direct-overhead').env).to.deep.equal({ BACKEND_URL: 'http://127.0.0.1:8001' });
    expect(stepOf(benchmark, 'stop-llm').run).to.contain('docker rm --force llm-gateway llm-gateway-baseline llm-backend-1 llm-backend-2');
  });

  it('passes every gate limit to ab and compare, the CLI defaults unless the settings say otherwise', () => {
    const limits = { 'fail-p95-pct': 20, 'warn-p95-pct': 10, 'warn-p50-pct': 15, 'warn-throughput-pct': 15, 'fail-cpu-pct': 20, 'max-error-rate-pct': 1 };
    for (const name of scenarioNames) {
      const calls: [step: string, command: string, verdict: string][] = [
        [`ab-${name}`, 'ab', `bench/ab-verdict-${name}.json`],
        [`compare-${name}`, 'compare', `bench/verdict-${name}.json`],
      ];
      for (const [step, command, verdict] of calls) {
        const words = splitCommands(String(stepOf(benchmark, step).run)).find((call) => call[1] === 'llm-bench' && call[2] === command) ?? [];
        const valueOf = (flag: string): string | undefined => (words.includes(flag) ? words[words.indexOf(flag) + 1] : undefined);
        for (const [flag, value] of Object.entries(limits)) expect(valueOf(`--${flag}`), `${step} ${flag}`).to.equal(String(value));
        expect(valueOf('--fail-p50-pct'), step).to.equal(undefined);
        expect(valueOf('--json'), step).to.equal(verdict);
      }
    }
  });

  describe('A/B against the baseline build', () => {
    it('image found by digest: pulls it from GHCR by digest, runs the A/B beside tonight\'s gateway, and the A/B verdicts decide', () => {
      // WHEN
      const run = nightly();
      // THEN the baseline image is main's push of the baseline commit, pulled by digest
      expect(run.bench.logs['baseline-pull']).to.contain(`docker buildx imagetools inspect ${image}:sha-1a2b3c4 --format {{.Manifest.Digest}}`)
        .and.contain(`docker pull ${image}@${pushedDigest}`).and.contain(`docker tag ${image}@${pushedDigest} llm-gateway:baseline`);
      expect(run.bench.ran).to.include.members(['login', 'baseline-pull', 'baseline-image']).and.not.include.members(['baseline-checkout', 'baseline-build']);
      expect(run.bench.steps['baseline-image']?.outputs).to.deep.equal({ available: 'true', source: `${image}@${pushedDigest}` });
      expect(run.bench.summary).to.contain(`A/B baseline: the gateway of ${baselineCommit} (${image}@${pushedDigest})`);
      // AND each scenario runs its A/B; compare's cross-day line is reported only and leaves the baseline alone
      expect(run.bench.logs['ab-overhead']).to.contain('npx llm-bench ab --scenario overhead --baseline-url http://127.0.0.1:8002 --current-url http://127.0.0.1:8000'
        + ' --json bench/ab-verdict-overhead.json --markdown ');
      expect(run.bench.ran).to.include.members(['start-baseline-llm', 'ab-llm', 'compare-llm', 'adopt-baseline-llm']).and.not.include.members(['rerun-ab-llm', 'rerun-llm']);
      expect(run.bench.env['compare-llm']).to.deep.equal({ DEFAULT_LOAD: 'true', AB_STATUS: 'pass' });
      expect(run.bench.logs['compare-llm']).to.contain('npx llm-bench compare --current bench/results-llm.json').and.not.contain('--set-baseline');
      expect(run.bench.summary).to.contain('#### Cross-day comparison with the stored baseline (reported only: the A/B decides)');
      // AND the A/B's verdict makes tonight's results the baselines
      expect(run.baselines).to.deep.equal({ overhead: '{"tonight":"overhead"}', llm: '{"tonight":"llm"}' });
      expect(run.bench.result).to.equal('success');
      expect(run.bench.outputs).to.deep.equal({
        'measured': 'true', 'failure-reason': '', 'verdicts': abVerdicts, 'cross-day': compareVerdicts, 'baseline-commit': baselineCommit,
      });
      // AND the report passes the A/B verdicts, the cross-day ones beside them and the commit range
      expect(run.report.logs.issue).to.equal(`npx llm-bench issue --verdict ${abVerdicts},${historyVerdict} --history bench/history.json`
        + ` --cross-day ${compareVerdicts} --baseline-commit ${baselineCommit}\n`);
    });

    it('image not in the registry: builds it from the baseline commit', () => {
      const run = nightly({ standIns: { registryHasImage: false } });
      expect(run.bench.logs['baseline-pull']).to.contain(`::notice title=Baseline image::${image}:sha-1a2b3c4 cannot be pulled from the registry: building the gateway of ${baselineCommit} instead`);
      expect(run.bench.ran).to.include.members(['baseline-checkout', 'baseline-build', 'ab-overhead', 'ab-llm']);
      expect(run.bench.steps['baseline-image']?.outputs).to.deep.equal({ available: 'true', source: `built from ${baselineCommit}` });
      expect(stepOf(benchmark, 'baseline-checkout').with).to.deep.equal({
        'ref': '${{ steps.baseline-commit.outputs.commit }}', 'path': '.baseline-build', 'persist-credentials': false,
      });
      expect(stepOf(benchmark, 'baseline-build').with).to.deep.equal({
        'context': '.baseline-build',
        'file': '.baseline-build/Dockerfile.gateway',
        'tags': 'llm-gateway:baseline',
        'load': true,
        'cache-from': 'type=gha,scope=llm-gateway',
      });
      expect(run.bench.outputs.verdicts).to.equal(abVerdicts);
    });

    it('unavailable: the cross-day comparison decides, with a notice saying why, and the job does not fail', () => {
      const cases: [Night, string][] = [
        [{ baselines: 'none' }, 'bench/baseline-overhead.json records no commit (no baseline yet, or not a result)'],
        [{ baselines: { overhead: baselineCommit, llm: 'f'.repeat(40) } }, `the baselines come from different commits (${baselineCommit}, ${'f'.repeat(40)})`],
        [{ baselines: { overhead: 'not-a-commit', llm: baselineCommit } }, 'bench/baseline-overhead.json records no commit (no baseline yet, or not a result)'],
        [{ standIns: { registryHasImage: false }, given: { 'baseline-checkout': { outcome: 'failure' } } }, `commit ${baselineCommit} cannot be checked out`],
        [{ standIns: { registryHasImage: false }, given: { 'baseline-build': { outcome: 'failure' } } }, `the gateway image of ${baselineCommit} did not build`],
      ];
      for (const [night, reason] of cases) expectCrossDayDecides(nightly(night), reason);
    });

    it('no baseline yet: the first night sets it through compare', () => {
      const run = nightly({ baselines: 'none' });
      expect(run.bench.ran).to.not.include.members(['login', 'image-names', 'baseline-pull', 'baseline-checkout', 'baseline-build']);
      expect(run.bench.logs['compare-overhead']).to.contain('::notice::No overhead baseline yet: this run sets it.').and.contain('--allow-missing-baseline --set-baseline');
      expect(run.bench.outputs['baseline-commit']).to.equal('');
      expect(run.report.logs.issue).to.equal(`npx llm-bench issue --verdict ${compareVerdicts},${historyVerdict} --history bench/history.json\n`);
    });

    it('a baseline gateway that never gets ready, or an ab that cannot judge, leaves that scenario to compare', () => {
      const notReady = nightly({ standIns: { baselineGetsReady: false } });
      expect(notReady.bench.logs['start-baseline-llm']).to.contain('::notice title=No A/B for llm::the baseline gateway did not get ready: the cross-day comparison decides llm')
        .and.contain('docker logs llm-gateway-baseline');
      expect(notReady.bench.ran).to.not.include.members(['ab-overhead', 'ab-llm']);
      expect(notReady.bench.outputs).to.deep.include({ 'measured': 'true', 'verdicts': compareVerdicts, 'cross-day': '' });

      const cannotJudge = nightly({ standIns: { answers: { 'ab-llm': { code: 2 } } } });
      expect(cannotJudge.bench.steps['ab-llm']?.outcome).to.equal('success');
      expect(cannotJudge.bench.logs['ab-llm']).to.contain('::notice title=No A/B for llm::llm-bench ab could not judge (exit 2, see the log): the cross-day comparison decides llm');
      expect(cannotJudge.bench.logs['compare-llm']).to.contain('--set-baseline');
      expect(cannotJudge.bench.logs['compare-overhead']).to.not.contain('--set-baseline');
      expect(cannotJudge.bench.result).to.equal('success');
      expect(cannotJudge.bench.outputs).to.deep.include({ 'verdicts': 'bench/ab-verdict-overhead.json,bench/verdict-llm.json', 'cross-day': 'bench/verdict-overhead.json' });
    });

    it('A/B regression: fails the job, keeps the baseline, still measures the other scenario, and reports the A/B verdicts', () => {
      // WHEN the A/B finds a regression the cross-day comparison does not see
      const run = nightly({ standIns: { answers: { 'ab-overhead': { status: 'fail', code: 1 } } } });
      // THEN
      expect(run.bench.steps['ab-overhead']?.outcome).to.equal('failure');
      expect(run.bench.result).to.equal('failure');
      expect(run.bench.ran).to.include.members(['compare-overhead', 'stop-overhead', 'start-llm', 'ab-llm', 'adopt-baseline-llm', 'upload-results']);
      expect(run.bench.ran).to.not.include('adopt-baseline-overhead');
      expect(run.baselines.overhead).to.equal(JSON.stringify({ environment: { git_commit: baselineCommit } }));
      expect(run.bench.outputs).to.deep.include({ measured: 'true', verdicts: abVerdicts });
      expect(run.report.ran).to.include('issue').and.not.include('could-not-run');
      expect(run.report.logs.issue).to.contain(`--verdict ${abVerdicts}`).and.contain(`--baseline-commit ${baselineCommit}`);
    });

    it('a cross-day regression the A/B does not confirm is reported only: the job passes', () => {
      const run = nightly({ standIns: { answers: { 'compare-llm': { status: 'fail', code: 1 }, 'compare-overhead': { code: 2 } } } });
      expect(run.bench.steps['compare-llm']).to.deep.include({ outcome: 'success', outputs: { 'status': 'fail', 'failed': 'true', 'baseline-eligible': 'false' } });
      expect(run.bench.steps['compare-overhead']?.outcome).to.equal('success');
      expect(run.bench.ran).to.not.include('rerun-llm');
      expect(run.bench.result).to.equal('success');
      expect(run.bench.outputs).to.deep.include({ 'measured': 'true', 'failure-reason': '', 'verdicts': abVerdicts, 'cross-day': 'bench/verdict-llm.json' });
    });

    it('inconclusive A/B: measured once more; inconclusive again fails, and never moves the baseline', () => {
      const run = nightly({ standIns: { answers: { 'ab-llm': { status: 'inconclusive', code: 0 }, 'ab-llm:rerun': { status: 'inconclusive', code: 1 } } } });
      expect(run.bench.logs['rerun-ab-llm']).to.contain('npx llm-bench ab --scenario llm').and.contain('--fail-on-inconclusive');
      expect(run.bench.ran).to.not.include.members(['rerun-ab-overhead', 'rerun-llm', 'adopt-baseline-llm']);
      expect(run.bench.result).to.equal('failure');
      expect(run.bench.outputs.verdicts).to.equal(abVerdicts);
      expect(run.report.ran).to.include('issue');
    });
  });

  describe('the cross-day comparison deciding (no A/B)', () => {
    const noAb: Night = { baselines: { overhead: baselineCommit } };

    it('regression: fails the job, still measures the other scenario, and reports the verdicts', () => {
      const run = nightly({ ...noAb, standIns: { answers: { 'compare-overhead': { status: 'fail', code: 1 } } } });
      expect(run.bench.result).to.equal('failure');
      expect(run.bench.ran).to.include.members(['stop-overhead', 'start-llm', 'run-llm', 'compare-llm', 'upload-results']);
      expect(run.bench.outputs).to.deep.include({ measured: 'true', verdicts: compareVerdicts });
      expect(run.report.ran).to.include('issue').and.not.include('could-not-run');
    });

    it('inconclusive: measures once more; inconclusive again is a failure the verdict reports', () => {
      const run = nightly({
        ...noAb,
        standIns: { answers: { 'compare-llm': { status: 'inconclusive', code: 0 }, 'compare-llm:rerun': { status: 'inconclusive', code: 1 } } },
      });
      expect(run.bench.ran).to.include('rerun-llm').and.not.include('rerun-overhead');
      expect(run.bench.logs['rerun-llm']).to.contain('npx llm-bench run --scenario llm').and.contain('--fail-on-inconclusive');
      expect(run.bench.result).to.equal('failure');
      expect(run.report.ran).to.include('issue');
    });
  });

  it('history finds a regression: a lasting step at the newest nights fails the job and reaches the issue beside the verdicts', () => {
    // GIVEN tonight's A/B passes, but the change points show a creep over the last nights
    const run = nightly({ standIns: { answers: { history: { status: 'fail', code: 1 } } } });
    // THEN the job fails as on a regression, keeps the history verdict, and the report hands it to the issue command
    expect(run.bench.logs.history).to.equal(`npx llm-bench history --history bench/history.json --json ${historyVerdict}\n`);
    expect(run.bench.result).to.equal('failure');
    expect(run.bench.ran).to.include.members(['ab-overhead', 'ab-llm', 'outcome', 'history', 'upload-results', 'upload-baseline']);
    expect(run.bench.outputs).to.deep.include({ 'measured': 'true', 'failure-reason': '' });
    expect(stepOf(benchmark, 'upload-results').with).to.have.property('path').that.includes(historyVerdict);
    expect(run.report.ran).to.include('issue').and.not.include('could-not-run');
    expect(run.report.logs.issue).to.contain(`--verdict ${abVerdicts},${historyVerdict} `);
  });

  it('no history verdict file: the issue gets the scenarios\' verdicts alone', () => {
    const run = nightly({ given: { history: { outcome: 'success' } } });
    expect(run.report.logs.issue).to.contain(`--verdict ${abVerdicts} `);
  });

  it('infra failure: a build, a readiness wait or a crashed bench opens the benchmark-infra issue with the reason', () => {
    const cases: [Night, string][] = [
      [{ given: { 'build-backend': { outcome: 'failure' } } }, 'the images did not build'],
      [{ given: { 'ready-llm': { outcome: 'failure' } } }, 'llm: the gateway never became ready'],
      [{ given: { 'run-overhead': { outcome: 'failure' } } }, 'overhead: llm-bench run failed'],
      [{ baselines: 'none', standIns: { answers: { 'compare-overhead': { code: 2 } } } }, 'overhead: llm-bench compare could not judge the results (bad input)'],
    ];
    for (const [night, reason] of cases) {
      const run = nightly(night);
      expect(run.bench.outputs, reason).to.deep.include({ 'measured': 'false', 'failure-reason': reason });
      expect(run.bench.ran, reason).to.not.include('upload-baseline');
      expect(run.report.ran, reason).to.include('could-not-run').and.not.include('issue');
      expect(run.report.env['could-not-run'], reason).to.deep.equal({ REASON: reason });
    }
  });

  it('a benchmark job that died without outputs still opens the benchmark-infra issue', () => {
    const run = runJob(report, { ...schedule, needs: { benchmark: { result: 'cancelled', outputs: {} } } }, {});
    expect(run.env['could-not-run']).to.deep.equal({ REASON: 'the benchmark job ended with cancelled before it could say why' });
  });

  it('dispatch on a branch: measures, runs the A/B and compares, but never reports', () => {
    const run = nightly({ context: { github: { ref: 'refs/heads/feature', event_name: 'workflow_dispatch' }, inputs: { short: false } } });
    expect(run.bench.ran).to.include.members(['ab-llm', 'compare-llm']);
    expect(run.report.result).to.equal('skipped');
  });

  it('dispatch of the short form: no A/B, not compared, not the baseline, not reported', () => {
    const run = nightly({ context: { github: { ref: 'refs/heads/main', event_name: 'workflow_dispatch' }, inputs: { short: true } } });
    expect(run.bench.ran).to.include('run-llm').and.not.include.members(['baseline', 'baseline-commit', 'baseline-image', 'start-baseline-llm', 'ab-llm', 'compare-llm', 'upload-baseline']);
    expect(run.report.result).to.equal('skipped');
  });
});
