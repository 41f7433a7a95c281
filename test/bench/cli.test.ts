import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { startBackend, type RunningBackend } from '../../src/backend/index.js';
import { craftHistory, noisySeries } from '../support/bench-histories.js';
import { craftResult, latencySamples } from '../support/bench-results.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { refusedUrl } from '../support/gateway-rig.js';

const cli = new URL('../../src/bench/cli.ts', import.meta.url).pathname;

interface CliResult { code: number; stdout: string; stderr: string }

async function llmBench(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_')));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...cleanEnv, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('llm-bench (end to end)', function () {
  // Each case spawns the CLI a few times; on a loaded CI machine one spawn can take seconds.
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-'));
  let server: RunningBackend;
  let github: FakeGitHub;
  before(async () => {
    server = await startBackend({ ttftMs: 0, itlMs: 0 });
    github = await startFakeGitHub();
  });
  after(async () => {
    await Promise.all([server.close(0), github.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help for each command and exits 2 without one', async () => {
    for (const [command, flag] of [['run', '--num-requests'], ['compare', '--fail-on-inconclusive'], ['ab', '--baseline-url'], ['history', '--newest-nights'], ['issue', '--dry-run']]) {
      const help = await llmBench([command, '--help']);
      expect(help.code).to.equal(0);
      expect(help.stdout).to.include(`Usage: llm-bench ${command}`).and.include(flag);
    }
    const bare = await llmBench([]);
    expect(bare.code).to.equal(2);
    expect(bare.stdout).to.include('Commands:');
    expect((await llmBench(['--help'])).code).to.equal(0);
  });

  it('runs against a server, prints the summary, writes the result and reports progress on stderr', async () => {
    const output = join(dir, 'result.json');
    const result = await llmBench(['run', '--url', server.url, '-n', '12', '-c', '3', '--warmup', '2', '-o', output]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('  requests:    12').and.include('  failures:    0');
    expect(result.stderr).to.match(/progress: 12\/12 requests/);
    const written = JSON.parse(readFileSync(output, 'utf8'));
    expect(written).to.include({ total_requests: 12, successful_requests: 12, error_rate: 0 });
    expect(written.latency_stats).to.have.keys('count', 'min_ms', 'mean_ms', 'p50_ms', 'p90_ms', 'p95_ms', 'p99_ms', 'max_ms', 'stddev_ms');
    expect(written.latencies_ms).to.have.length(12);
    expect(written.parameters).to.include({ concurrency: 3, warmup: 2, api: 'chat', prompt_count: 14 });
    expect(written.environment.node_version).to.equal(process.version);
  });

  it('prints the JSON result with --json, streams in open loop, and never echoes the API key', async () => {
    const result = await llmBench(['run', '--url', server.url, '--stream', '--rate', '200', '--duration', '0.05', '--json', '-o', join(dir, 'stream.json')], {
      LLM_BENCH_API_KEY: 'sk-hidden',
    });
    expect(result.code).to.equal(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.parameters).to.include({ stream: true, rate: 200, num_requests: null });
    expect(parsed.ttft_stats.count).to.be.above(0);
    expect(result.stdout + result.stderr).not.to.include('sk-hidden');
  });

  it('rejects bad input with one line and exit 2', async () => {
    const cases: [string[], string][] = [
      [['run', '--api', 'generate', '--stream'], 'llm-bench: --stream needs --api chat or completions (/generate does not stream)\n'],
      [['run', '--prompts', join(dir, 'none.jsonl')], `llm-bench: ${join(dir, 'none.jsonl')}: file not found\n`],
      [['compare', '--current', join(dir, 'none.json')], `llm-bench: ${join(dir, 'none.json')}: file not found\n`],
      [['frobnicate'], "llm-bench: unknown command 'frobnicate': expected one of run, compare, ab, history, issue\n"],
      [['ab', '--current-url', server.url], 'llm-bench: --baseline-url and --current-url are both required\n'],
    ];
    for (const [args, stderr] of cases) {
      const result = await llmBench(args);
      expect(result).to.deep.include({ code: 2, stderr });
    }
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"total_requests": 3');
    const result = await llmBench(['compare', '--current', corrupt]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(new RegExp(`^llm-bench: ${corrupt}: not valid JSON \\(.*\\)\\n$`));
  });

  it('stops an A/B with one line and exit 2 when a target never answers its warm-up', async () => {
    const refused = await refusedUrl();
    const result = await llmBench(['ab', '--baseline-url', refused, '--current-url', server.url, '--round-requests', '5', '--rounds', '6']);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.match(/^ab: warm-up, /);
    expect(result.stderr.trimEnd().split('\n').at(-1)).to.equal(`llm-bench: ${refused}: no successful response in the 5 warm-up requests (connection_refused): is it up?`);
  });

  it('compares crafted files: 0 for noise, 1 for a real 30% p95 regression', async () => {
    const baseline = join(dir, 'baseline.json');
    const noise = join(dir, 'noise.json');
    const slow = join(dir, 'slow.json');
    writeFileSync(baseline, JSON.stringify(craftResult(latencySamples(1000, 10, 1))));
    writeFileSync(noise, JSON.stringify(craftResult(latencySamples(1000, 10, 2))));
    writeFileSync(slow, JSON.stringify(craftResult(latencySamples(1000, 10, 3).map((value) => value * 1.3))));
    expect((await llmBench(['compare', '--current', noise, '--baseline', baseline])).code).to.equal(0);
    const regression = await llmBench(['compare', '--current', slow, '--baseline', baseline, '--json', join(dir, 'verdict.json')]);
    expect(regression.code).to.equal(1);
    expect(regression.stdout).to.include('FAIL: p95 latency fail');
  });

  it('history: 0 for a steady history, 1 for a lasting regression at the newest nights, 2 for a bad file', async () => {
    const write = (name: string, values: readonly number[]) => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify({ schema_version: 3, retention_days: 365, runs: craftHistory(values) }));
      return path;
    };
    const steady = await llmBench(['history', '--history', write('steady-history.json', noisySeries(40, 1, { cv: 0.02 }))]);
    expect(steady).to.deep.include({ code: 0, stderr: '' });
    expect(steady.stdout).to.match(/^PASS: no lasting regression/);
    const creep = await llmBench(['history', '--history', write('creep-history.json', noisySeries(40, 2, { cv: 0.02, stepAt: 33, factor: 1.1 }))]);
    expect(creep.code).to.equal(1);
    expect(creep.stdout).to.include('| overhead | target CPU per request | c320000..c330000 | 7 |').and.match(/\nFAIL: change point at the newest nights/);
    const corrupt = join(dir, 'corrupt-history.json');
    writeFileSync(corrupt, JSON.stringify({ schema_version: 9, runs: [] }));
    expect(await llmBench(['history', '--history', corrupt])).to.deep.include({
      code: 2, stdout: '', stderr: `llm-bench: ${corrupt}: not a bench history: 'schema_version' must be one of 1, 2, 3, 4 (got 9)\n`,
    });
  });

  describe('run against the mock backend', () => {
    let backend: RunningBackend;
    before(async () => { backend = await startBackend({ ttftMs: 5, itlMs: 1, maxOutputTokens: 8, minOutputTokens: 4 }); });
    after(() => backend.close(0));

    it('measures time to first token and inter-token latency of streamed chat completions', async () => {
      const output = join(dir, 'backend-stream.json');
      const result = await llmBench(['run', '--url', backend.url, '--stream', '-n', '8', '-c', '4', '-o', output]);
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('Time to first token (8 samples)');
      const written = JSON.parse(readFileSync(output, 'utf8'));
      expect(written).to.include({ successful_requests: 8, failed_requests: 0 });
      expect(written.ttft_stats.min_ms).to.be.at.least(4);
      expect(written.itl_stats.count).to.be.above(0);
      expect(written.total_completion_tokens).to.be.at.least(8 * 4);
    });

    it('drives /v1/completions and /generate, and counts tokens from each', async () => {
      for (const api of ['completions', 'generate']) {
        const output = join(dir, `backend-${api}.json`);
        expect((await llmBench(['run', '--url', backend.url, '--api', api, '-n', '4', '-o', output])).code).to.equal(0);
        const written = JSON.parse(readFileSync(output, 'utf8'));
        expect(written, api).to.include({ successful_requests: 4, error_rate: 0 });
        expect(written.total_completion_tokens, api).to.be.above(0);
      }
    });
  });

  describe('issue', () => {
    const env = () => ({
      GITHUB_TOKEN: github.token,
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '77',
      LLM_BENCH_GITHUB_WRITE_INTERVAL_MS: '0',
    });
    const verdictFile = (status: string, failed: boolean) => {
      const path = join(dir, `verdict-${status}.json`);
      writeFileSync(path, JSON.stringify({
        schema_version: 2,
        status,
        failed,
        baseline_eligible: !failed,
        scenario: 'llm',
        summary: `${status.toUpperCase()}: x`,
        failing_metrics: failed ? ['ttft_p95'] : [],
        rule: 'statistical',
        confidence: 0.95,
        created_at: 't',
        baseline_file: 'b',
        current_file: 'c',
        metrics: [],
      }));
      return path;
    };

    it('opens one issue, comments on a rerun, and closes it on a pass', async () => {
      const failing = verdictFile('fail', true);
      const passing = verdictFile('pass', false);
      expect(await llmBench(['issue', '--verdict', `${passing},${failing}`], env())).to.deep.include({ code: 0, stdout: 'failing: created #1\nmeasured: none\n' });
      expect(await llmBench(['issue', '--verdict', failing], env())).to.deep.include({ code: 0, stdout: 'failing: commented #1\nmeasured: none\n' });
      expect(github.issues).to.have.length(1);
      expect(github.issues[0]).to.include({ title: 'Benchmark regression: ttft p95' });
      expect(github.issues[0].body).to.include('llm: FAIL: x').and.include('Run: https://github.example/o/r/actions/runs/77');
      expect(await llmBench(['issue', '--verdict', passing], env())).to.deep.include({ code: 0, stdout: 'passing: closed #1\nmeasured: none\n' });
      expect(github.issues[0]).to.include({ state: 'closed', state_reason: 'completed' });
    });

    it('opens the benchmark-infra issue when the run could not measure, and closes it when one measures', async () => {
      const broken = await llmBench(['issue', '--could-not-run', 'the gateway container never became ready'], env());
      const infra = github.issues.at(-1)!;
      expect(broken).to.deep.include({ code: 0, stdout: `could not run: created #${infra.number}\n` });
      expect(infra).to.deep.include({ title: 'Nightly benchmark could not run', labels: ['benchmark-infra', 'automated'] });
      expect(infra.body).to.include('the gateway container never became ready');
      const measured = await llmBench(['issue', '--verdict', verdictFile('pass', false)], env());
      expect(measured.stdout).to.equal(`passing: none\nmeasured: closed #${infra.number}\n`);
      expect(infra).to.include({ state: 'closed' });
    });

    it('prints the writes instead of making them in a dry run', async () => {
      const writesBefore = github.requests.filter((request) => request.method !== 'GET').length;
      const result = await llmBench(['issue', '--verdict', verdictFile('fail', true), '--dry-run'], env());
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('would POST /repos/o/r/issues {"title":"Benchmark regression: ttft p95"');
      expect(result.stdout).to.match(/dry run: failing: created\ndry run: measured: none\n$/);
      expect(github.requests.filter((request) => request.method !== 'GET')).to.have.length(writesBefore);
    });

    it('turns a bad token and a missing variable into one line with exit 2, never showing the token', async () => {
      const badToken = await llmBench(['issue', '--verdict', verdictFile('fail', true)], { ...env(), GITHUB_TOKEN: 'ghp_wrongtoken' });
      expect(badToken).to.deep.include({ code: 2, stdout: '', stderr: 'llm-bench: GitHub rejected the token (401 Bad credentials): check GITHUB_TOKEN\n' });
      const missing = await llmBench(['issue', '--verdict', verdictFile('fail', true)], { ...env(), GITHUB_RUN_ID: '' });
      expect(missing).to.deep.include({ code: 2, stderr: 'llm-bench: missing GITHUB_RUN_ID: set it in the environment\n' });
      const badVerdict = await llmBench(['issue', '--verdict', join(dir, 'noise.json')], env());
      expect(badVerdict.code).to.equal(2);
      expect(badVerdict.stderr).to.match(/noise\.json: not a compare verdict: '[a-z_]+'/);
    });

    it('reports a GitHub failure after retries in one line with exit 1', async () => {
      github.failNext({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
      const result = await llmBench(['issue', '--verdict', verdictFile('fail', true), '--max-retries', '0'], env());
      expect(result).to.deep.include({ code: 1, stderr: 'llm-bench: GET /repos/o/r/labels?per_page=100 failed: 500 fault\n' });
      github.failNext();
    });
  });
});
