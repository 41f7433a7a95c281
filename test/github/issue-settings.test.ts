import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseConfig, UsageError } from '../../src/config/index.js';
import { issueSchema, requireIssueSettings } from '../../src/github/issue-settings.js';

function settingsFrom(env: Record<string, string>, argv: string[] = []) {
  return requireIssueSettings(parseConfig(issueSchema, { argv, env }));
}

describe('requireIssueSettings', () => {
  it('reads the GitHub Actions environment with GitHub defaults', () => {
    const settings = settingsFrom({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'octo/repo', GITHUB_RUN_ID: '9' });
    expect(settings).to.include({ repository: 'octo/repo', runId: '9', apiUrl: 'https://api.github.com', serverUrl: 'https://github.com', writeIntervalMs: 1000 });
  });

  it('names every missing variable in one line', () => {
    expect(() => settingsFrom({})).to.throw(UsageError, 'missing GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_RUN_ID: set them in the environment');
  });

  it('lets a dry run go without a token', () => {
    expect(settingsFrom({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1' }, ['--dry-run']).dryRun).to.equal(true);
  });

  it('rejects a repository that is not owner/name', () => {
    expect(() => settingsFrom({ GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'nope', GITHUB_RUN_ID: '1' })).to.throw(UsageError, "GITHUB_REPOSITORY='nope' is invalid: expected owner/name");
  });
});
