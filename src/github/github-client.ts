import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import fetch from 'node-fetch';
import { GitHubAuthError, GitHubRateLimitError, GitHubRequestError } from './github-errors.js';

export interface GitHubRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** A path under the API URL, or a full URL from a Link header. */
  readonly path: string;
  readonly body?: unknown;
}

export interface GitHubClientOptions {
  readonly apiUrl: string;
  /** May be absent only in a dry run, where reads then see nothing. */
  readonly token?: string;
  /** GitHub asks integrations for at most one content-creating request per second. */
  readonly writeIntervalMs?: number;
  readonly maxRetries?: number;
  /**
   * Milliseconds per unit of every wait: the retry backoff is (retry number)² units, a rate limit waits the
   * seconds GitHub asks for, one unit each. 1000 in use; tests shrink it.
   */
  readonly retryBaseMs?: number;
  /** Longest rate-limit wait we accept before giving up. */
  readonly maxWaitMs?: number;
  /** Record writes instead of sending them. */
  readonly dryRun?: boolean;
  /** Told of every rate-limit wait GitHub asks for (in ms, before `retryBaseMs` scaling), before it starts. */
  readonly onRateLimitWait?: (waitMs: number) => void;
}

const ThrottledOctokit = Octokit.plugin(retry, throttling);
type Client = InstanceType<typeof ThrottledOctokit>;

interface RequestFailure {
  readonly status: number;
  readonly message?: string;
  readonly response?: { readonly headers: Record<string, string | undefined>; readonly data?: unknown };
  readonly cause?: { readonly code?: string; readonly cause?: { readonly code?: string } };
}

function nextPageUrl(link: string | undefined): string | undefined {
  return link?.split(',').map((part) => /<([^>]+)>\s*;\s*rel="next"/.exec(part)?.[1]).find((url) => url !== undefined);
}

function messageOf(failure: RequestFailure): string {
  const message = (failure.response?.data as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : failure.message ?? 'error';
}

/** The wait a rate-limited answer asked for, in ms, or undefined when it is not a rate limit. */
function askedWaitMs(failure: RequestFailure): number | undefined {
  if (failure.status !== 403 && failure.status !== 429) return undefined;
  const headers = failure.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return retryAfter * 1000;
  if (headers['x-ratelimit-remaining'] === '0') return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - Date.now()) + 1000;
  if (/secondary rate/i.test(messageOf(failure))) return 60_000;
  return failure.status === 429 ? 0 : undefined;
}

/**
 * GitHub REST through Octokit: @octokit/plugin-retry retries 5xx and network
 * errors, @octokit/plugin-throttling waits out primary and secondary rate
 * limits (retry-after, x-ratelimit-reset, or a minute) and spaces writes.
 * This module adds Link pagination that never leaves the API URL, dry runs,
 * and the translation of failures into the errors of github-errors.ts.
 */
export class GitHubClient {
  /** Writes made (or, in a dry run, planned), in order. */
  readonly writes: GitHubRequest[] = [];
  private readonly octokit: Client;
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: GitHubClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    // Octokit's `auth` option would send `token <t>`; `Bearer` is what GitHub documents for every token kind.
    this.headers = { 'x-github-api-version': '2022-11-28', ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }) };
    const maxRetries = options.maxRetries ?? 3;
    const maxWaitMs = options.maxWaitMs ?? 15 * 60 * 1000;
    const retryAfterBaseValue = options.retryBaseMs ?? 1000;
    // Content-creating requests share one spacing (GitHub's "one per second"): octokit's own groups are
    // process-wide and fixed at 1 s for writes and 3 s for those that notify.
    const writes = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 });
    const onLimit = (retryAfterS: number, _request: unknown, _octokit: unknown, retryCount: number): boolean => {
      const waitMs = retryAfterS * 1000;
      if (retryCount >= maxRetries || waitMs > maxWaitMs) return false;
      options.onRateLimitWait?.(waitMs);
      return true;
    };
    this.octokit = new ThrottledOctokit({
      baseUrl: this.base,
      userAgent: 'llm-bench',
      request: { fetch },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      // Rate limits (403 and 429) belong to the throttling plugin, which honours what GitHub asks for.
      retry: { retries: maxRetries, retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: { onRateLimit: onLimit, onSecondaryRateLimit: onLimit, retryAfterBaseValue, write: writes, notifications: writes },
    });
  }

  async request<T>(request: GitHubRequest): Promise<{ data: T; next?: string }> {
    if (request.method !== 'GET') {
      this.writes.push(request);
      if (this.options.dryRun) return { data: {} as T };
    } else if (this.options.token === undefined) {
      return { data: [] as T };
    }
    const url = this.resolveUrl(request.path);
    try {
      const response = await this.octokit.request({
        method: request.method,
        url,
        headers: this.headers,
        ...(request.body === undefined ? {} : { data: request.body }),
      });
      const next = nextPageUrl(response.headers.link);
      const data = (response.status === 204 ? undefined : response.data) as T;
      return next === undefined ? { data } : { data, next };
    } catch (error) {
      throw this.translate(error as RequestFailure, `${request.method} ${url.slice(this.base.length) || '/'}`);
    }
  }

  /** Every item of a list endpoint, across all its pages. */
  async paginate<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next !== undefined) {
      const page: { data: T[]; next?: string } = await this.request<T[]>({ method: 'GET', path: next });
      items.push(...page.data);
      next = page.next;
    }
    return items;
  }

  private resolveUrl(path: string): string {
    if (!/^https?:/.test(path)) return `${this.base}${path}`;
    // A Link header pointing elsewhere must never receive the token.
    if (!path.startsWith(`${this.base}/`)) throw new GitHubRequestError(`GET ${path}`, undefined, 'pagination left the API URL');
    return path;
  }

  private translate(failure: RequestFailure, what: string): Error {
    if (failure.response === undefined) {
      const code = failure.cause?.code ?? failure.cause?.cause?.code ?? 'unknown';
      return new GitHubRequestError(what, undefined, `network error (${code})`);
    }
    if (failure.status === 401) return new GitHubAuthError(messageOf(failure));
    const waitMs = askedWaitMs(failure);
    if (waitMs !== undefined) return new GitHubRateLimitError(what, waitMs);
    return new GitHubRequestError(what, failure.status, messageOf(failure));
  }
}
