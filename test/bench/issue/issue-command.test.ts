import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, before, beforeEach, describe, it } from 'mocha';
import { issueCommand } from '../../../src/bench/issue/issue-command.js';
import { appendHistory } from '../../../src/bench/result/history-file.js';
import { UsageError } from '../../../src/config/index.js';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.js';
import { craftAbVerdict, craftVerdict, slowerP95, steadyErrors } from '../../support/verdicts.js';

const baselineCommit = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const currentCommit = '9f8e7d6c5b4a39281706f5e4d3c2b1a098f7e6d5';

describe('llm-bench issue: what the regression issue shows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'issue-command-'));
  let github: FakeGitHub;
  before(async () => { github = await startFakeGitHub(); });
  after(async () => {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    github.requests.length = 0;
    github.labels.length = 0;
    github.issues.length = 0;
    github.comments.length = 0;
  });

  const env = {
    // startFakeGitHub's default token.
    GITHUB_TOKEN: 'test-token',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '77',
    GITHUB_SHA: currentCommit,
    LLM_BENCH_GITHUB_WRITE_INTERVAL_MS: '0',
  };

  function write(name: string, verdict: Record<string, unknown>): string {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(verdict));
    return path;
  }

  async function issue(argv: string[]): Promise<string> {
    const out: string[] = [];
    const io = { env: { ...env, GITHUB_API_URL: github.url }, out: (text: string) => out.push(text), err: () => undefined, errIsTTY: false };
    const code = await issueCommand(argv, io);
    expect(code).to.equal(0);
    return out.join('');
  }

  /** Three nights of each scenario, p95 creeping up in overhead. */
  async function writeHistory(): Promise<string> {
    const path = join(dir, 'history.json');
    rmSync(path, { force: true });
    for (const [night, p95] of [[1, 10], [2, 10.2], [3, 13]] as const) {
      for (const scenario of ['overhead', 'llm']) {
        await appendHistory(path, {
          timestamp: new Date(Date.UTC(2026, 10, 26 + night, 2, 30)).toISOString(),
          git_commit: night === 3 ? currentCommit : baselineCommit,
          scenario,
          status: 'pass',
          metrics: { p95_latency: p95, error_rate: 0 },
          load: `scenario=${scenario}`,
        }, 365);
      }
    }
    return path;
  }

  it('an A/B regression: the A/B table, the cross-day line, the chart, the suspect commits and how to reproduce; the comments show the same', async () => {
    // GIVEN tonight's A/B verdicts (overhead regressed), the cross-day ones beside them, and the history
    const abFiles = [
      write('ab-overhead.json', craftAbVerdict('overhead', 'fail', [slowerP95, steadyErrors], 'FAIL: p95 latency fail (+30.0%, 13.00 ms)')),
      write('ab-llm.json', craftAbVerdict('llm', 'pass', [steadyErrors], 'PASS: no regression')),
    ];
    const crossDayFiles = [
      write('cross-overhead.json', craftVerdict('overhead', 'warn', [steadyErrors], 'WARN: p50 latency warn (+16.0%, 5.00 ms)')),
      write('cross-llm.json', craftVerdict('llm', 'pass', [steadyErrors], 'PASS: no regression')),
    ];
    const argv = ['--verdict', abFiles.join(','), '--cross-day', crossDayFiles.join(','), '--history', await writeHistory(), '--baseline-commit', baselineCommit];
    // WHEN
    expect(await issue(argv)).to.equal('failing: created #1\nmeasured: none\n');
    // THEN
    const [opened] = github.issues;
    expect(opened).to.include({ title: 'Benchmark regression: p95 latency', state: 'open' });
    const body = opened!.body;
    expect(body).to.match(/^overhead: FAIL: p95 latency fail \(\+30\.0%, 13\.00 ms\)\n\n/);
    expect(body).to.include(`Suspect commits: [\`1a2b3c4...9f8e7d6\`](https://github.example/o/r/compare/${baselineCommit}...${currentCommit})`);
    expect(body).to.include('### overhead: FAIL\n').and.include('| p95 latency | 10.00 ms | 13.00 ms | +30.0% | x1.210 to x1.400 | FAIL: ');
    expect(body).to.include('Measured A/B: this build and the baseline build (`1a2b3c4`) side by side on one runner, in interleaved rounds.\n'
      + 'Cross-day comparison with the stored baseline result (reported only): WARN: p50 latency warn (+16.0%, 5.00 ms)\n');
    expect(body).to.include('```mermaid\nxychart-beta\n  title "p95_latency, last 3 runs"\n  x-axis ["1a2b3c4", "1a2b3c4", "9f8e7d6"]');
    expect(body).to.include('  line [10.00, 10.20, 13.00]');
    expect(body.match(/```mermaid/g)).to.have.length(1);
    expect(body).to.include('#### Reproduce locally')
      .and.include(`git worktree add ../ab-baseline ${baselineCommit} && (cd ../ab-baseline && npm ci && npm run compile)`)
      .and.include(`git worktree add ../ab-current ${currentCommit} && (cd ../ab-current && npm ci && npm run compile)`)
      .and.include('npx llm-bench ab --scenario overhead --baseline-url http://127.0.0.1:8002 --current-url http://127.0.0.1:8000');
    expect(body).to.not.include('--scenario llm');
    expect(body).to.match(/\nRun: https:\/\/github\.example\/o\/r\/actions\/runs\/77\n$/);

    // WHEN the next night fails too
    expect(await issue(argv)).to.equal('failing: commented #1\nmeasured: none\n');
    // THEN the comment carries the same details
    expect(github.comments).to.deep.equal([{ issue: 1, body: `Still failing.\n\n${body}` }]);
  });

  it('a cross-day verdict that decided (no A/B) says so, and still links the suspect commits', async () => {
    const failing = write('compare-llm.json', craftVerdict('llm', 'fail', [slowerP95], 'FAIL: p95 latency fail (+30.0%, 13.00 ms)'));
    await issue(['--verdict', failing, '--baseline-commit', baselineCommit]);
    const body = github.issues[0]!.body;
    expect(body).to.include("Measured against the stored baseline result (cross-day: no A/B for this scenario in this run; the run's notices say why).");
    expect(body).to.include(`/compare/${baselineCommit}...${currentCommit})`).and.include('--scenario llm');
    expect(body).to.not.include('```mermaid');
  });

  it('without a baseline commit: no link, and the reproduction names the commit to fill in', async () => {
    const failing = write('compare-llm.json', craftVerdict('llm', 'fail', [slowerP95], 'FAIL: p95 latency fail (+30.0%, 13.00 ms)'));
    await issue(['--verdict', failing]);
    const body = github.issues[0]!.body;
    expect(body).to.include('Suspect commits: unknown (no baseline commit was recorded).').and.not.include('/compare/');
    expect(body).to.include('git worktree add ../ab-baseline <baseline-commit>');
  });

  it('a pass closes the issue without the details', async () => {
    await issue(['--verdict', write('fail.json', craftVerdict('llm', 'fail', [slowerP95], 'FAIL: x'))]);
    expect(await issue(['--verdict', write('pass.json', craftVerdict('llm', 'pass', [steadyErrors], 'PASS: no regression'))])).to.equal('passing: closed #1\nmeasured: none\n');
    expect(github.comments.at(-1)?.body).to.equal('Recovered: llm: PASS: no regression\n\nRun: https://github.example/o/r/actions/runs/77\n');
  });

  it('refuses a commit that is not a SHA, in one line', async () => {
    const verdict = write('pass.json', craftVerdict('llm', 'pass', [], 'PASS: no regression'));
    const error = await issueCommand(['--verdict', verdict, '--baseline-commit', 'main; rm -rf /'], {
      env: { ...env, GITHUB_API_URL: github.url }, out: () => undefined, err: () => undefined, errIsTTY: false,
    }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(UsageError);
    expect((error as Error).message).to.equal("--baseline-commit='main; rm -rf /' is invalid: expected a commit SHA (7 to 40 hex digits)");
    expect(github.requests).to.deep.equal([]);
  });
});
