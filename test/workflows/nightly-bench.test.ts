import { expect } from 'chai';
import { describe, it } from 'mocha';
import { compareThresholds, nightlyBenchWorkflow } from '../../workflows/nightly-bench.js';
import { jobOf, needsOf, stepOf } from '../support/workflow-queries.js';
import { splitCommands } from '../support/workflow-references.js';

interface DispatchInput { type: string; default: number }

describe('nightly-bench.yml', () => {
  const on = nightlyBenchWorkflow.workflow.on as {
    schedule: { cron: string }[];
    workflow_dispatch: { inputs: Record<string, DispatchInput> };
  };
  const benchmark = jobOf(nightlyBenchWorkflow, 'benchmark');

  it('runs at 02:00 UTC every day and on demand with the number of requests (500) and concurrency', () => {
    expect(on.schedule).to.deep.equal([{ cron: '0 2 * * *' }]);
    expect(on.workflow_dispatch.inputs.requests).to.include({ type: 'number', default: 500 });
    expect(on.workflow_dispatch.inputs.concurrency).to.include({ type: 'number' });
  });

  it('queues runs instead of cancelling them', () => {
    expect(nightlyBenchWorkflow.workflow.concurrency).to.deep.equal({
      'group': 'nightly-bench',
      'cancel-in-progress': false,
    });
  });

  it('downloads the baseline of the last successful nightly run, tolerating its absence', () => {
    expect(benchmark.permissions).to.deep.equal({ contents: 'read', actions: 'read' });
    expect(stepOf(benchmark, 'baseline').with).to.include({
      workflow: 'nightly-bench.yml',
      workflow_conclusion: 'success',
      name: 'bench-baseline',
      if_no_artifact_found: 'warn',
    });
  });

  it('sends the dispatch inputs, or 500 requests, to the benchmark through env', () => {
    expect(stepOf(benchmark, 'bench-run').env).to.include({
      REQUESTS: '${{ inputs.requests || 500 }}',
      CONCURRENCY: '${{ inputs.concurrency || 4 }}',
    });
  });

  it('compares with the baseline, letting only a run without one pass without it', () => {
    const compare = stepOf(benchmark, 'compare').run ?? '';
    expect(compare).to.contain('npx llm-bench compare --current bench/bench_results.json --baseline bench/baseline.json');
    expect(compare).to.contain('--json bench/verdict.json').and.contain('--history bench/history.json');
    expect(compare).to.match(/if \[ ! -f "\$BASELINE" \]; then[^]*first_run=\(--allow-missing-baseline\)/);
    expect(benchmark.outputs).to.deep.equal({ 'compare-exit-code': '${{ steps.compare.outputs.exit-code }}' });
  });

  it('passes the gate thresholds to compare: fail on p95 +20% or errors over 1%, warn on 10/15/15%', () => {
    const words = splitCommands(stepOf(benchmark, 'compare').run ?? '').find((c) => c[1] === 'llm-bench') ?? [];
    const valueOf = (flag: string): string | undefined => words[words.indexOf(flag) + 1];
    expect(compareThresholds).to.deep.equal({
      'fail-p95-pct': 20, 'max-error-rate-pct': 1, 'warn-p95-pct': 10, 'warn-p50-pct': 15, 'warn-throughput-pct': 15,
    });
    for (const [flag, value] of Object.entries(compareThresholds)) expect(valueOf(`--${flag}`), flag).to.equal(String(value));
    expect(words).to.include('--set-baseline');
  });

  it('keeps results 90 days and the new baseline and history 365 days', () => {
    expect(stepOf(benchmark, 'upload-results').with).to.include({ 'retention-days': 90 });
    expect(stepOf(benchmark, 'upload-baseline').with).to.include({
      'name': 'bench-baseline',
      'path': 'bench/baseline.json\nbench/history.json',
      'retention-days': 365,
    });
  });

  it('reports a regression, and only a regression, as an issue; a pass closes open ones', () => {
    const failure = jobOf(nightlyBenchWorkflow, 'report-failure');
    const success = jobOf(nightlyBenchWorkflow, 'report-success');
    expect(failure.if).to.equal("failure() && needs.benchmark.outputs.compare-exit-code == '1'");
    expect(success.if).to.equal('success()');
    for (const job of [failure, success]) {
      expect(needsOf(job)).to.deep.equal(['benchmark']);
      expect(job.permissions).to.deep.equal({ contents: 'read', issues: 'write' });
      const issue = stepOf(job, 'issue');
      expect(issue.run).to.equal('npx llm-bench issue --verdict bench/verdict.json');
      expect(issue.env).to.deep.equal({ GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
    }
  });
});
