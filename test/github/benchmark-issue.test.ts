import { expect } from 'chai';
import { after, before, beforeEach, describe, it } from 'mocha';
import { syncBenchmarkIssue, type BenchmarkOutcome } from '../../src/github/benchmark-issue.js';
import { GitHubClient } from '../../src/github/github-client.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const runUrl = 'https://github.example/o/r/actions/runs/42';
const failing: BenchmarkOutcome = {
  state: 'failing',
  summary: 'FAIL: p95 latency fail (+30.0%, 13.00 ms)',
  failingMetrics: ['p95_latency'],
  detailsMarkdown: '| metric |\n| --- |\n| p95 latency |\n',
  runUrl,
};
const passing: BenchmarkOutcome = { ...failing, state: 'passing', summary: 'PASS: no regression', failingMetrics: [] };
const labelBodies = [
  { name: 'benchmark-failure', color: 'b60205', description: 'A nightly benchmark found a regression' },
  { name: 'performance', color: 'fbca04', description: 'Latency, throughput or resource use' },
  { name: 'automated', color: 'ededed', description: 'Opened or updated by automation' },
];
const issueBody = `${failing.summary}\n\n${failing.detailsMarkdown}\nRun: ${runUrl}\n`;

describe('syncBenchmarkIssue', () => {
  let github: FakeGitHub;
  let client: GitHubClient;

  before(async () => { github = await startFakeGitHub(); });
  after(() => github.close());
  beforeEach(() => {
    github.requests.length = 0;
    github.labels.length = 0;
    github.issues.length = 0;
    github.comments.length = 0;
    client = new GitHubClient({ apiUrl: github.url, token: github.token, writeIntervalMs: 0, retryBaseMs: 1 });
  });

  it('creates the labels and one issue on a first failure', async () => {
    // WHEN
    const result = await syncBenchmarkIssue(client, 'o/r', failing);
    // THEN
    expect(result).to.deep.equal({ action: 'created', issues: [1] });
    expect(github.writes()).to.deep.equal([
      ...labelBodies.map((body) => ({ method: 'POST', url: '/repos/o/r/labels', body })),
      {
        method: 'POST',
        url: '/repos/o/r/issues',
        body: { title: 'Benchmark regression: p95 latency', body: issueBody, labels: ['benchmark-failure', 'performance', 'automated'] },
      },
    ]);
    expect(github.requests.filter((request) => request.method === 'GET').map((request) => request.url)).to.deep.equal([
      '/repos/o/r/labels?per_page=100', '/repos/o/r/issues?state=open&labels=benchmark-failure&per_page=100',
    ]);
  });

  it('comments instead of opening a second issue when rerun, and skips labels that exist', async () => {
    // GIVEN a first failing run
    await syncBenchmarkIssue(client, 'o/r', failing);
    github.requests.length = 0;
    // WHEN the next run fails too
    const result = await syncBenchmarkIssue(client, 'o/r', failing);
    // THEN
    expect(result).to.deep.equal({ action: 'commented', issues: [1] });
    expect(github.writes()).to.deep.equal([
      { method: 'POST', url: '/repos/o/r/issues/1/comments', body: { body: `Still failing.\n\n${issueBody}` } },
    ]);
    expect(github.issues.filter((issue) => issue.state === 'open')).to.have.length(1);
  });

  it('ignores open pull requests carrying the label', async () => {
    github.issues.push({ number: 7, title: 'PR', body: '', labels: ['benchmark-failure'], state: 'open', pull_request: { url: 'x' } });
    const result = await syncBenchmarkIssue(client, 'o/r', failing);
    expect(result).to.deep.equal({ action: 'created', issues: [2] });
  });

  it('comments on and closes every open failure issue on a pass', async () => {
    // GIVEN an open failure issue and an unrelated one
    await syncBenchmarkIssue(client, 'o/r', failing);
    github.issues.push({ number: 2, title: 'other', body: '', labels: ['bug'], state: 'open' });
    github.requests.length = 0;
    // WHEN
    const result = await syncBenchmarkIssue(client, 'o/r', passing);
    // THEN
    expect(result).to.deep.equal({ action: 'closed', issues: [1] });
    expect(github.writes()).to.deep.equal([
      { method: 'POST', url: '/repos/o/r/issues/1/comments', body: { body: `Recovered: PASS: no regression\n\nRun: ${runUrl}\n` } },
      { method: 'PATCH', url: '/repos/o/r/issues/1', body: { state: 'closed', state_reason: 'completed' } },
    ]);
    expect(github.issues.map((issue) => issue.state)).to.deep.equal(['closed', 'open']);
    // AND a second pass does nothing
    github.requests.length = 0;
    expect(await syncBenchmarkIssue(client, 'o/r', passing)).to.deep.equal({ action: 'none', issues: [] });
    expect(github.writes()).to.deep.equal([]);
  });

  it('survives a 500 and a secondary rate limit without duplicating the issue', async () => {
    const waits: number[] = [];
    const patient = new GitHubClient({
      apiUrl: github.url, token: github.token, writeIntervalMs: 0, retryBaseMs: 1, onRateLimitWait: (ms) => { waits.push(ms); },
    });
    github.labels.push(...labelBodies.map(({ name }) => ({ name })));
    github.failNext({ status: 500 }, { status: 500 }, { status: 403, headers: { 'retry-after': '2' }, message: 'secondary rate limit' });
    const result = await syncBenchmarkIssue(patient, 'o/r', failing);
    expect(result.action).to.equal('created');
    expect(github.issues).to.have.length(1);
    expect(waits).to.deep.equal([2000]);
  });

  it('does nothing for an undecided verdict', async () => {
    expect(await syncBenchmarkIssue(client, 'o/r', { ...failing, state: 'undecided' })).to.deep.equal({ action: 'none', issues: [] });
    expect(github.requests).to.deep.equal([]);
  });
});
