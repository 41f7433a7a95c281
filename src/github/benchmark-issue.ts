import type { GitHubClient } from './github-client.js';

export const failureLabel = 'benchmark-failure';
export const infraLabel = 'benchmark-infra';

const automated = { name: 'automated', color: 'ededed', description: 'Opened or updated by automation' } as const;

export const benchmarkLabels = [
  { name: failureLabel, color: 'b60205', description: 'A nightly benchmark found a regression' },
  { name: 'performance', color: 'fbca04', description: 'Latency, throughput or resource use' },
  automated,
] as const;

export const infraLabels = [
  { name: infraLabel, color: 'd93f0b', description: 'The nightly benchmark could not run or measure' },
  automated,
] as const;

/** What the compare verdicts say, in the words the issue needs. */
export interface BenchmarkOutcome {
  /** failing: open or update the issue; passing: close it; undecided: leave everything as it is. */
  readonly state: 'failing' | 'passing' | 'undecided';
  readonly summary: string;
  /** Metric names that failed, for the title (e.g. `p95_latency`). */
  readonly failingMetrics: readonly string[];
  /** Markdown between the summary and the run link: the tables and whatever else helps (charts, commits, reproduction). */
  readonly detailsMarkdown: string;
  readonly runUrl: string;
}

/** Whether the nightly could measure at all (build, readiness, bench crash, bad input). */
export interface InfraOutcome {
  readonly state: 'broken' | 'measured';
  readonly reason: string;
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

interface Label {
  readonly name: string;
  readonly color: string;
  readonly description: string;
}

/** One kind of tracked issue: at most one open at a time, found by its first label. */
interface TrackedIssue {
  readonly labels: readonly Label[];
  readonly title: string;
  readonly body: string;
  readonly stillOpenPrefix: string;
}

async function ensureLabels(client: GitHubClient, repo: string, labels: readonly Label[]): Promise<void> {
  const existing = new Set((await client.paginate<{ name: string }>(`/repos/${repo}/labels?per_page=100`)).map((label) => label.name));
  for (const label of labels) {
    if (!existing.has(label.name)) await client.request({ method: 'POST', path: `/repos/${repo}/labels`, body: label });
  }
}

/** Open issues (never pull requests, which the issues API also lists) with `label`, oldest first. */
export async function listOpenIssues(client: GitHubClient, repo: string, label: string): Promise<number[]> {
  const items = await client.paginate<IssueSummary>(`/repos/${repo}/issues?state=open&labels=${label}&per_page=100`);
  return items.filter((item) => item.pull_request === undefined).map((item) => item.number).sort((a, b) => a - b);
}

async function reportProblem(client: GitHubClient, repo: string, issue: TrackedIssue): Promise<IssueSyncResult> {
  await ensureLabels(client, repo, issue.labels);
  const [open] = await listOpenIssues(client, repo, issue.labels[0].name);
  if (open !== undefined) {
    await client.request({ method: 'POST', path: `/repos/${repo}/issues/${open}/comments`, body: { body: `${issue.stillOpenPrefix}\n\n${issue.body}` } });
    return { action: 'commented', issues: [open] };
  }
  const created = await client.request<{ number?: number }>({
    method: 'POST',
    path: `/repos/${repo}/issues`,
    body: { title: issue.title, body: issue.body, labels: issue.labels.map((label) => label.name) },
  });
  return { action: 'created', issues: created.data.number === undefined ? [] : [created.data.number] };
}

async function closeRecovered(client: GitHubClient, repo: string, label: string, body: string): Promise<IssueSyncResult> {
  const open = await listOpenIssues(client, repo, label);
  for (const number of open) {
    await client.request({ method: 'POST', path: `/repos/${repo}/issues/${number}/comments`, body: { body } });
    await client.request({ method: 'PATCH', path: `/repos/${repo}/issues/${number}`, body: { state: 'closed', state_reason: 'completed' } });
  }
  return { action: open.length > 0 ? 'closed' : 'none', issues: open };
}

/**
 * Keeps at most one open benchmark-failure issue in step with the verdict:
 * a failure comments on the open issue or creates it; a pass comments on and
 * closes every open one.
 */
export async function syncBenchmarkIssue(client: GitHubClient, repo: string, outcome: BenchmarkOutcome): Promise<IssueSyncResult> {
  if (outcome.state === 'undecided') return { action: 'none', issues: [] };
  if (outcome.state === 'passing') return closeRecovered(client, repo, failureLabel, `Recovered: ${outcome.summary}\n\nRun: ${outcome.runUrl}\n`);
  const metrics = outcome.failingMetrics.map((name) => name.replace(/_/g, ' '));
  return reportProblem(client, repo, {
    labels: benchmarkLabels,
    title: `Benchmark regression: ${metrics.length > 0 ? [...new Set(metrics)].join(', ') : 'verdict failed'}`,
    body: [outcome.summary, '', outcome.detailsMarkdown, `Run: ${outcome.runUrl}`, ''].join('\n'),
    stillOpenPrefix: 'Still failing.',
  });
}

/** The same for a nightly that could not measure: its own issue, closed by the next run that measured. */
export async function syncInfraIssue(client: GitHubClient, repo: string, outcome: InfraOutcome): Promise<IssueSyncResult> {
  if (outcome.state === 'measured') return closeRecovered(client, repo, infraLabel, `The benchmark ran again.\n\nRun: ${outcome.runUrl}\n`);
  return reportProblem(client, repo, {
    labels: infraLabels,
    title: 'Nightly benchmark could not run',
    body: [outcome.reason, '', `Run: ${outcome.runUrl}`, ''].join('\n'),
    stillOpenPrefix: 'Still could not run.',
  });
}
