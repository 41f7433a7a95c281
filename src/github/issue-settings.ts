import { booleanOption, integerOption, stringListOption, stringOption, UsageError, urlOption, type ConfigOf } from '../config/index.js';

export const issueUsage = 'llm-bench issue [--verdict FILE,...] [--could-not-run REASON] [--dry-run]';
export const issueSummary = 'Open, comment on or close the benchmark-failure issue from compare verdicts, and the benchmark-infra issue when the benchmark could not run, using the GitHub Actions environment.';

export const issueSchema = {
  verdicts: stringListOption({ flag: 'verdict', description: 'Verdicts written by llm-bench compare --json (one per scenario)', default: ['bench/verdict.json'] }),
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
  return config as IssueSettings;
}
