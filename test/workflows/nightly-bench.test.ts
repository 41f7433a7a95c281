import { expect } from 'chai';
import { describe, it } from 'mocha';
import { scenarios } from '../../src/bench/scenario/scenarios.js';
import { compareThresholds } from '../../workflows/bench-steps.js';
import { nightlyBenchWorkflow } from '../../workflows/nightly-bench.js';
import { jobOf, needsOf, stepOf } from '../support/workflow-queries.js';
import { splitCommands } from '../support/workflow-references.js';
import { runJob, type JobRun, type RunContext, type StepResult } from '../support/workflow-runner.js';

const benchmark = jobOf(nightlyBenchWorkflow, 'benchmark');
const report = jobOf(nightlyBenchWorkflow, 'report');
const schedule: RunContext = { github: { ref: 'refs/heads/main', event_name: 'schedule' } };
const passing: Record<string, StepResult> = {
  'compare-overhead': { outputs: { status: 'pass' } },
  'compare-llm': { outputs: { status: 'warn' } },
};

/** The nightly as GitHub would run it: the benchmark job (its outcome step for real), then the report job. */
function nightly(context: RunContext, given: Record<string, StepResult>): { bench: JobRun; report: JobRun } {
  const bench = runJob(benchmark, context, given, ['outcome']);
  const needs = { benchmark: { result: bench.result, outputs: bench.outputs } };
  return { bench, report: runJob(report, { ...context, needs }, {}) };
}

describe('nightly-bench.yml', () => {
  it('runs at 02:00 UTC every day, queued, and on demand with an optional short form', () => {
    const on = nightlyBenchWorkflow.workflow.on as { schedule: unknown; workflow_dispatch: { inputs: Record<string, unknown> } };
    expect(on.schedule).to.deep.equal([{ cron: '0 2 * * *' }]);
    expect(on.workflow_dispatch.inputs.short).to.include({ type: 'boolean', default: false });
    expect(nightlyBenchWorkflow.workflow.concurrency).to.deep.equal({ 'group': 'nightly-bench', 'cancel-in-progress': false });
    expect(needsOf(report)).to.deep.equal(['benchmark']);
    expect(report.permissions).to.deep.equal({ contents: 'read', issues: 'write' });
  });

  it("starts each scenario's backends with its latency model and the gateway with BACKEND_URLS on a user-defined network", () => {
    const start = String(stepOf(benchmark, 'start-llm').run);
    expect(start).to.contain('docker network create llm-bench');
    expect(start).to.contain(`--network llm-bench --publish 127.0.0.1:8001:8001 -e MOCK_TTFT_MS=${scenarios.llm.backend.env.MOCK_TTFT_MS}`);
    expect(start).to.contain('-e BACKEND_URLS=http://llm-backend-1:8001,http://llm-backend-2:8001 llm-gateway:local');
    expect(stepOf(benchmark, 'run-llm').run).to.contain('npx llm-bench run --scenario llm --url "$GATEWAY_URL"');
    expect(stepOf(benchmark, 'direct-overhead').env).to.deep.equal({ BACKEND_URL: 'http://127.0.0.1:8001' });
  });

  it('passes the gate thresholds to compare, and the scenario its own p50 limit', () => {
    for (const name of ['overhead', 'llm'] as const) {
      const words = splitCommands(String(stepOf(benchmark, `compare-${name}`).run)).find((command) => command[1] === 'llm-bench') ?? [];
      const valueOf = (flag: string): string | undefined => (words.includes(flag) ? words[words.indexOf(flag) + 1] : undefined);
      for (const [flag, value] of Object.entries(compareThresholds)) expect(valueOf(`--${flag}`), flag).to.equal(String(value));
      expect(valueOf('--fail-p50-pct')).to.equal(scenarios[name].failP50Pct === undefined ? undefined : String(scenarios[name].failP50Pct));
      expect(valueOf('--json')).to.equal(`bench/verdict-${name}.json`);
    }
  });

  it('pass: measures both scenarios, keeps the baselines, closes open issues', () => {
    // WHEN
    const run = nightly(schedule, passing);
    // THEN
    expect(run.bench.result).to.equal('success');
    expect(run.bench.ran).to.include.members(['baseline', 'direct-overhead', 'run-overhead', 'compare-overhead', 'run-llm', 'compare-llm', 'history', 'upload-baseline']);
    expect(run.bench.ran).to.not.include.members(['rerun-overhead', 'rerun-llm']);
    expect(run.bench.env['compare-llm']).to.deep.equal({ DEFAULT_LOAD: 'true' });
    expect(run.bench.outputs).to.deep.equal({ 'measured': 'true', 'failure-reason': '' });
    expect(run.report.ran).to.include('issue').and.not.include('could-not-run');
    expect(stepOf(report, 'issue').run).to.equal('npx llm-bench issue --verdict bench/verdict-overhead.json,bench/verdict-llm.json,bench/verdict-history.json');
  });

  it('regression: fails the job, still measures the other scenario, and reports the verdicts', () => {
    const run = nightly(schedule, { ...passing, 'compare-overhead': { outcome: 'failure', outputs: { status: 'fail' } } });
    expect(run.bench.result).to.equal('failure');
    expect(run.bench.ran).to.include.members(['stop-overhead', 'start-llm', 'run-llm', 'compare-llm', 'upload-results']);
    expect(run.bench.outputs.measured).to.equal('true');
    expect(run.report.ran).to.include('issue').and.not.include('could-not-run');
  });

  it('history finds a regression: a lasting step at the newest nights fails the job and reaches the issue beside the verdicts', () => {
    // GIVEN both scenarios pass tonight's compare, but the history shows a creep
    const run = nightly(schedule, { ...passing, history: { outcome: 'failure', outputs: { status: 'fail', failed: 'true' } } });
    // THEN the job fails as on a regression, keeps the history and its verdict, and the report opens the regression issue
    expect(stepOf(benchmark, 'history').run).to.equal('npx llm-bench history --history bench/history.json --json bench/verdict-history.json');
    expect(run.bench.result).to.equal('failure');
    expect(run.bench.ran).to.include.members(['compare-overhead', 'compare-llm', 'outcome', 'history', 'upload-results', 'upload-baseline']);
    expect(run.bench.outputs).to.deep.equal({ 'measured': 'true', 'failure-reason': '' });
    expect(stepOf(benchmark, 'upload-results').with).to.have.property('path').that.includes('bench/verdict-history.json');
    expect(run.report.ran).to.include('issue').and.not.include('could-not-run');
  });

  it('inconclusive: measures once more; inconclusive again is a failure the verdict reports', () => {
    const run = nightly(schedule, {
      ...passing,
      'compare-llm': { outputs: { status: 'inconclusive' } },
      'rerun-llm': { outcome: 'failure', outputs: { status: 'inconclusive' } },
    });
    expect(run.bench.ran).to.include('rerun-llm').and.not.include('rerun-overhead');
    expect(String(stepOf(benchmark, 'rerun-llm').run)).to.contain('--fail-on-inconclusive');
    expect(run.bench.result).to.equal('failure');
    expect(run.report.ran).to.include('issue');
  });

  it('infra failure: a build, a readiness wait or a crashed bench opens the benchmark-infra issue with the reason', () => {
    const cases: [Record<string, StepResult>, string][] = [
      [{ 'build-backend': { outcome: 'failure' } }, 'the images did not build'],
      [{ ...passing, 'ready-llm': { outcome: 'failure' } }, 'llm: the gateway never became ready'],
      [{ ...passing, 'run-overhead': { outcome: 'failure' } }, 'overhead: llm-bench run failed'],
      [{ 'compare-overhead': { outcome: 'failure' }, 'compare-llm': { outputs: { status: 'pass' } } }, 'overhead: llm-bench compare could not judge the results (bad input or unlike loads)'],
    ];
    for (const [given, reason] of cases) {
      const run = nightly(schedule, given);
      expect(run.bench.outputs, reason).to.deep.equal({ 'measured': 'false', 'failure-reason': reason });
      expect(run.bench.ran, reason).to.not.include('upload-baseline').and.not.include('history');
      expect(run.report.ran, reason).to.include('could-not-run').and.not.include('issue');
      expect(run.report.env['could-not-run'], reason).to.deep.equal({ REASON: reason });
    }
  });

  it('a benchmark job that died without outputs still opens the benchmark-infra issue', () => {
    const run = runJob(report, { ...schedule, needs: { benchmark: { result: 'cancelled', outputs: {} } } }, {});
    expect(run.env['could-not-run']).to.deep.equal({ REASON: 'the benchmark job ended with cancelled before it could say why' });
  });

  it('dispatch on a branch: measures and compares, but never reports', () => {
    const run = nightly({ github: { ref: 'refs/heads/feature', event_name: 'workflow_dispatch' }, inputs: { short: false } }, passing);
    expect(run.bench.ran).to.include('compare-llm');
    expect(run.report.result).to.equal('skipped');
  });

  it('dispatch of the short form: not compared, not the baseline, not reported', () => {
    const run = nightly({ github: { ref: 'refs/heads/main', event_name: 'workflow_dispatch' }, inputs: { short: true } }, passing);
    expect(run.bench.ran).to.include('run-llm').and.not.include.members(['baseline', 'compare-llm', 'upload-baseline']);
    expect(run.bench.ran).to.not.include('history');
    expect(run.report.result).to.equal('skipped');
  });
});
