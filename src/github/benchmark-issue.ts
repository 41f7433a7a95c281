import type { GitHubClient } from './github-client.js';

export const failureLabel = 'benchmark-failure';

export const benchmarkLabels = [
  { name: failureLabel, color: 'b60205', description: 'A nightly benchmark found a regression' },
  { name: 'performance', color: 'fbca04', description: 'Latency, throughput or resource use' },
  { name: 'automated', color: 'ededed', description: 'Opened or updated by automation' },
] as const;

/** What the compare verdict says, in the words the issue needs. */
export interface BenchmarkOutcome {
  /** failing: open or update the issue; passing: close it; undecided: leave everything as it is. */
  readonly state: 'failing' | 'passing' | 'undecided';
  readonly summary: string;
  /** Metric names that failed, for the title (e.g. `p95_latency`). */
  readonly failingMetrics: readonly string[];
  readonly tableMarkdown: string;
  readonly runUrl: string;
}

export interface IssueSyncResult {
  readonly action: 'created' | 'commented' | 'closed' | 'none';
  readonly issues: number[];
}

interface IssueSummary {
  readonly number: number;
  readonly pull_request?: unknown;
}

function titleOf(outcome: BenchmarkOutcome): string {
  const metrics = outcome.failingMetrics.map((name) => name.replace(/_/g, ' '));
  return `Benchmark regression: ${metrics.length > 0 ? metrics.join(', ') : 'verdict failed'}`;
}

function failureBody(outcome: BenchmarkOutcome): string {
  return [outcome.summary, '', outcome.tableMarkdown, `Run: ${outcome.runUrl}`, ''].join('\n');
}

async function ensureLabels(client: GitHubClient, repo: string): Promise<void> {
  const existing = new Set((await client.paginate<{ name: string }>(`/repos/${repo}/labels?per_page=100`)).map((label) => label.name));
  for (const label of benchmarkLabels) {
    if (!existing.has(label.name)) await client.request({ method: 'POST', path: `/repos/${repo}/labels`, body: label });
  }
}

/** Open issues (never pull requests, which the issues API also lists) labelled benchmark-failure, oldest first. */
export async function listOpenFailureIssues(client: GitHubClient, repo: string): Promise<number[]> {
  const items = await client.paginate<IssueSummary>(`/repos/${repo}/issues?state=open&labels=${failureLabel}&per_page=100`);
  return items.filter((item) => item.pull_request === undefined).map((item) => item.number).sort((a, b) => a - b);
}

/**
 * Keeps at most one open benchmark-failure issue in step with the verdict:
 * a failure comments on the open issue or creates it; a pass comments on and
 * closes every open one.
 */
export async function syncBenchmarkIssue(client: GitHubClient, repo: string, outcome: BenchmarkOutcome): Promise<IssueSyncResult> {
  if (outcome.state === 'undecided') return { action: 'none', issues: [] };
  if (outcome.state === 'failing') {
    await ensureLabels(client, repo);
    const [open] = await listOpenFailureIssues(client, repo);
    if (open !== undefined) {
      await client.request({ method: 'POST', path: `/repos/${repo}/issues/${open}/comments`, body: { body: `Still failing.\n\n${failureBody(outcome)}` } });
      return { action: 'commented', issues: [open] };
    }
    const created = await client.request<{ number?: number }>({
      method: 'POST',
      path: `/repos/${repo}/issues`,
      body: { title: titleOf(outcome), body: failureBody(outcome), labels: benchmarkLabels.map((label) => label.name) },
    });
    return { action: 'created', issues: created.data.number === undefined ? [] : [created.data.number] };
  }
  const open = await listOpenFailureIssues(client, repo);
  for (const number of open) {
    await client.request({ method: 'POST', path: `/repos/${repo}/issues/${number}/comments`, body: { body: `Recovered: ${outcome.summary}\n\nRun: ${outcome.runUrl}\n` } });
    await client.request({ method: 'PATCH', path: `/repos/${repo}/issues/${number}`, body: { state: 'closed', state_reason: 'completed' } });
  }
  return { action: open.length > 0 ? 'closed' : 'none', issues: open };
}
