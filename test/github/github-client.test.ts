import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { after, before, beforeEach, describe, it } from 'mocha';
import { GitHubClient, type GitHubClientOptions } from '../../src/github/github-client.js';
import { GitHubAuthError, GitHubRateLimitError, GitHubRequestError } from '../../src/github/github-errors.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

describe('GitHubClient', () => {
  let github: FakeGitHub;
  let waits: number[];

  before(async () => { github = await startFakeGitHub(); });
  after(() => github.close());
  beforeEach(() => {
    waits = [];
    github.requests.length = 0;
    github.labels.length = 0;
  });

  function client(options: Partial<GitHubClientOptions> = {}): GitHubClient {
    return new GitHubClient({
      apiUrl: github.url,
      token: github.token,
      writeIntervalMs: 0,
      retryBaseMs: 10,
      onRateLimitWait: (ms) => { waits.push(ms); },
      ...options,
    });
  }

  it('follows Link headers across every page', async () => {
    // GIVEN five labels and two per page
    github.labels.push(...['a', 'b', 'c', 'd', 'e'].map((name) => ({ name })));
    // WHEN
    const labels = await client().paginate<{ name: string }>('/repos/o/r/labels?per_page=2');
    // THEN
    expect(labels.map((label) => label.name)).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
    expect(github.requests.map((request) => request.url)).to.deep.equal([
      '/repos/o/r/labels?per_page=2', '/repos/o/r/labels?per_page=2&page=2', '/repos/o/r/labels?per_page=2&page=3',
    ]);
  });

  it('retries a 500 with growing backoff, then succeeds', async () => {
    github.failNext({ status: 500 }, { status: 502 });
    const started = performance.now();
    const { data } = await client().request<unknown[]>({ method: 'GET', path: '/repos/o/r/labels' });
    expect(data).to.deep.equal([]);
    expect(github.requests).to.have.length(3);
    // plugin-retry waits (retry number)² base units: 10 + 40 ms.
    expect(performance.now() - started).to.be.at.least(45);
    expect(waits).to.deep.equal([]);
  });

  it('gives up after the last retry with the status in one line', async () => {
    github.failNext({ status: 503, message: 'unavailable' }, { status: 503, message: 'unavailable' });
    const error = await client({ maxRetries: 1 }).request({ method: 'GET', path: '/repos/o/r/labels' }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(GitHubRequestError);
    expect((error as GitHubRequestError).message).to.equal('GET /repos/o/r/labels failed: 503 unavailable');
  });

  it('waits for retry-after on a 403 secondary rate limit', async () => {
    github.failNext({ status: 403, headers: { 'retry-after': '3' }, message: 'You have exceeded a secondary rate limit' });
    await client().request({ method: 'POST', path: '/repos/o/r/labels', body: { name: 'x' } });
    expect(waits).to.deep.equal([3000]);
    expect(github.labels).to.deep.equal([{ name: 'x' }]);
  });

  it('waits until x-ratelimit-reset when no requests remain', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 5;
    github.failNext({ status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } });
    await client().request({ method: 'GET', path: '/repos/o/r/labels' });
    expect(waits).to.have.length(1);
    expect(waits[0]).to.be.within(4000, 7000);
  });

  it('waits a minute on a secondary rate limit that sends no headers', async () => {
    github.failNext({ status: 403, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' });
    await client({ retryBaseMs: 1 }).request({ method: 'GET', path: '/repos/o/r/labels' });
    expect(waits).to.deep.equal([60_000]);
  });

  it('gives up on a rate limit still hit after the last retry', async () => {
    const limited = { status: 429, headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit' };
    github.failNext(limited, limited);
    const error = await client({ maxRetries: 1 }).request({ method: 'GET', path: '/repos/o/r/labels' }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(GitHubRateLimitError);
    expect((error as Error).message).to.equal('GET /repos/o/r/labels: rate limited by GitHub (asked to wait 1 s)');
    expect(waits).to.deep.equal([1000]);
    expect(github.requests).to.have.length(2);
  });

  it('refuses to wait longer than maxWaitMs', async () => {
    github.failNext({ status: 403, headers: { 'retry-after': '3600' }, message: 'secondary rate limit' });
    const error = await client({ maxWaitMs: 60_000 }).request({ method: 'GET', path: '/repos/o/r/labels' }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(GitHubRateLimitError);
    expect(waits).to.deep.equal([]);
  });

  it('treats a 403 without rate-limit headers as a plain failure', async () => {
    github.failNext({ status: 403, message: 'Resource not accessible by integration' });
    const error = await client().request({ method: 'GET', path: '/repos/o/r/labels' }).catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal('GET /repos/o/r/labels failed: 403 Resource not accessible by integration');
  });

  it('turns a 401 into an auth error that never shows the token', async () => {
    const error = await client({ token: 'secret-token-123' }).request({ method: 'GET', path: '/repos/o/r/labels' }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(GitHubAuthError);
    expect((error as Error).message).to.equal('GitHub rejected the token (401 Bad credentials): check GITHUB_TOKEN');
    expect(JSON.stringify(error) + String(error)).not.to.include('secret-token-123');
  });

  it('spaces writes by the write interval', async () => {
    const paced = client({ writeIntervalMs: 300 });
    const started = performance.now();
    await paced.request({ method: 'POST', path: '/repos/o/r/labels', body: { name: 'one' } });
    await paced.request({ method: 'POST', path: '/repos/o/r/labels', body: { name: 'two' } });
    expect(performance.now() - started).to.be.at.least(290);
    expect(github.labels).to.deep.equal([{ name: 'one' }, { name: 'two' }]);
  });

  it('records writes without sending them in a dry run', async () => {
    const dry = client({ dryRun: true });
    await dry.request({ method: 'POST', path: '/repos/o/r/labels', body: { name: 'x' } });
    expect(github.requests).to.deep.equal([]);
    expect(dry.writes).to.deep.equal([{ method: 'POST', path: '/repos/o/r/labels', body: { name: 'x' } }]);
  });

  it('reads nothing in a dry run without a token', async () => {
    const { data } = await client({ dryRun: true, token: undefined }).request({ method: 'GET', path: '/repos/o/r/issues' });
    expect(data).to.deep.equal([]);
    expect(github.requests).to.deep.equal([]);
  });

  it('retries network errors and then reports them', async () => {
    const dead = new GitHubClient({ apiUrl: 'http://127.0.0.1:9', token: 't', maxRetries: 1, retryBaseMs: 1 });
    const error = await dead.request({ method: 'GET', path: '/x' }).catch((caught: unknown) => caught);
    expect((error as Error).message).to.equal('GET /x failed: network error (ECONNREFUSED)');
  });

  it('never follows a Link header away from the API URL', async () => {
    const error = await client().request({ method: 'GET', path: 'http://127.0.0.2/steal' }).catch((caught: unknown) => caught);
    expect((error as Error).message).to.include('pagination left the API URL');
  });
});
