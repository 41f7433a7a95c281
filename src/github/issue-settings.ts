import { booleanOption, integerOption, stringListOption, stringOption, UsageError, urlOption, type ConfigOf } from '../config/index.js';

export const issueUsage = 'llm-bench issue [--verdict FILE,...] [--cross-day FILE,...] [--history FILE] [--baseline-commit SHA] [--could-not-run REASON] [--dry-run]';
export const issueSummary = 'Open, comment on or close the benchmark-failure issue from the verdicts of llm-bench ab or compare, and the benchmark-infra issue when the benchmark could not run, using the GitHub Actions environment.';

export const issueSchema = {
  verdicts: stringListOption({
    flag: 'verdict', description: 'The verdicts that decide, one per scenario: llm-bench ab --json where the A/B ran, else llm-bench compare --json', default: ['bench/verdict.json'],
  }),
  crossDay: stringListOption({
    flag: 'cross-day', description: 'compare verdicts of the scenarios an A/B verdict decided: shown beside it, reported only', default: [],
  }),
  history: stringOption({ flag: 'history', description: 'History file (llm-bench compare --history): the issue charts each failing metric from it', default: undefined }),
  baselineCommit: stringOption({
    flag: 'baseline-commit', description: "Commit of the baseline build (the baseline result's git_commit): the suspect commits start after it", default: undefined,
  }),
  currentCommit: stringOption({ flag: 'current-commit', env: 'GITHUB_SHA', description: 'Commit of the build measured', default: undefined }),
  couldNotRun: stringOption({
    flag: 'could-not-run', description: 'The benchmark could not measure, for this reason: open or comment on the benchmark-infra issue', default: undefined,
  }),
  dryRun: booleanOption({ flag: 'dry-run', description: 'Print the writes it would make instead of making them (reads still run when a token is set)' }),
  token: stringOption({ flag: 'github-token', env: 'GITHUB_TOKEN', description: 'Token with issues: write (prefer the variable)', default: undefined, secret: true }),
  repository: stringOption({ flag: 'repository', env: 'GITHUB_REPOSITORY', description: 'owner/name', default: undefined }),
  apiUrl: urlOption({ flag: 'api-url', env: 'GITHUB_API_URL', description: 'REST API base URL', default: 'https://api.github.com' }),
  serverUrl: urlOption({ flag: 'server-url', env: 'GITHUB_SERVER_URL', description: 'Web URL for run links', default: 'https://github.com' }),
  runId: stringOption({ flag: 'run-id', env: 'GITHUB_RUN_ID', description: 'Workflow run id for the link in the issue', default: undefined }),
  writeIntervalMs: integerOption({
    flag: 'write-interval-ms', env: 'LLM_BENCH_GITHUB_WRITE_INTERVAL_MS', description: 'Least time between two writes', default: 1000, min: 0,
  }),
  maxRetries: integerOption({ flag: 'max-retries', description: 'Retries on 5xx, network errors and rate limits', default: 3, min: 0, max: 10 }),
};

export type IssueConfig = ConfigOf<typeof issueSchema>;

const commitPattern = /^[0-9a-f]{7,40}$/;

export interface IssueSettings extends IssueConfig {
  readonly repository: string;
  readonly runId: string;
}

/** Checks the variables a real run needs; a dry run may go without a token. */
export function requireIssueSettings(config: IssueConfig): IssueSettings {
  const missing = [
    ...(config.token === undefined && !config.dryRun ? ['GITHUB_TOKEN'] : []),
    ...(config.repository === undefined ? ['GITHUB_REPOSITORY'] : []),
    ...(config.runId === undefined ? ['GITHUB_RUN_ID'] : []),
  ];
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in the environment`);
  if (!/^[\w.-]+\/[\w.-]+$/.test(config.repository!)) {
    throw new UsageError(`GITHUB_REPOSITORY='${config.repository}' is invalid: expected owner/name`);
  }
  for (const [flag, commit] of [['--baseline-commit', config.baselineCommit], ['--current-commit (GITHUB_SHA)', config.currentCommit]] as const) {
    if (commit !== undefined && !commitPattern.test(commit)) throw new UsageError(`${flag}='${commit}' is invalid: expected a commit SHA (7 to 40 hex digits)`);
  }
  return config as IssueSettings;
}
