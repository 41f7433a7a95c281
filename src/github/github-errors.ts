/** Base of every failure talking to GitHub; messages never carry the token. */
export class GitHubError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401: the token is missing, expired or wrong. */
export class GitHubAuthError extends GitHubError {
  constructor(detail: string) {
    super('GITHUB_UNAUTHORIZED', `GitHub rejected the token (401 ${detail}): check GITHUB_TOKEN`);
  }
}

/** A rate limit that asks for a longer wait than we allow, or is still hit after every retry. */
export class GitHubRateLimitError extends GitHubError {
  constructor(what: string, waitMs: number) {
    super('GITHUB_RATE_LIMITED', `${what}: rate limited by GitHub (asked to wait ${Math.ceil(waitMs / 1000)} s)`);
  }
}

/** Any other non-success answer, or a network failure after every retry. */
export class GitHubRequestError extends GitHubError {
  constructor(what: string, readonly status: number | undefined, detail: string) {
    super('GITHUB_REQUEST_FAILED', `${what} failed: ${status === undefined ? '' : `${status} `}${detail}`);
  }
}
