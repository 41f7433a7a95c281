import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import fetch, { type Response } from 'node-fetch';
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
  readonly retryBaseMs?: number;
  /** Longest rate-limit wait we accept before giving up. */
  readonly maxWaitMs?: number;
  /** Record writes instead of sending them. */
  readonly dryRun?: boolean;
  readonly sleep?: (ms: number) => Promise<void>;
}

function nextPageUrl(link: string | null): string | undefined {
  return link?.split(',').map((part) => /<([^>]+)>\s*;\s*rel="next"/.exec(part)?.[1]).find((url) => url !== undefined);
}

async function readMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall back to the status text
  }
  return response.statusText || 'error';
}

/**
 * GitHub REST over node-fetch: retries with backoff on 5xx and network
 * errors, waits out rate limits (retry-after, or x-ratelimit-reset when
 * x-ratelimit-remaining is 0), spaces writes, and follows Link pagination.
 */
export class GitHubClient {
  /** Writes made (or, in a dry run, planned), in order. */
  readonly writes: GitHubRequest[] = [];
  private lastWriteAt = -Infinity;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GitHubClientOptions) {
    this.sleep = options.sleep ?? ((ms) => delay(ms));
  }

  async request<T>(request: GitHubRequest): Promise<{ data: T; next?: string }> {
    if (request.method !== 'GET') {
      this.writes.push(request);
      if (this.options.dryRun) return { data: {} as T };
      await this.paceWrite();
    } else if (this.options.token === undefined) {
      return { data: [] as T };
    }
    const response = await this.send(request);
    const data = (response.status === 204 ? undefined : await response.json()) as T;
    const next = nextPageUrl(response.headers.get('link'));
    return next === undefined ? { data } : { data, next };
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

  private async paceWrite(): Promise<void> {
    const wait = this.lastWriteAt + (this.options.writeIntervalMs ?? 1000) - performance.now();
    if (wait > 0) await this.sleep(wait);
    this.lastWriteAt = performance.now();
  }

  private resolveUrl(path: string): string {
    const base = this.options.apiUrl.replace(/\/+$/, '');
    if (!/^https?:/.test(path)) return `${base}${path}`;
    // A Link header pointing elsewhere must never receive the token.
    if (!path.startsWith(`${base}/`)) throw new GitHubRequestError(`GET ${path}`, undefined, 'pagination left the API URL');
    return path;
  }

  /** How long a 403/429 asks us to wait, or undefined when it is not a rate limit. */
  private rateLimitWait(response: Response, message: string, attempt: number): number | undefined {
    if (response.status !== 403 && response.status !== 429) return undefined;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.headers.has('retry-after') && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000);
    if (response.headers.get('x-ratelimit-remaining') === '0') {
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - Date.now()) + 1000;
    }
    // GitHub's advice for a secondary rate limit without headers: wait at least a minute.
    if (/rate limit/i.test(message)) return Math.max(60_000, this.backoff(attempt));
    return response.status === 429 ? this.backoff(attempt) : undefined;
  }

  private backoff(attempt: number): number {
    return (this.options.retryBaseMs ?? 1000) * 2 ** attempt;
  }

  private async send(request: GitHubRequest): Promise<Response> {
    const url = this.resolveUrl(request.path);
    const what = `${request.method} ${url.slice(this.options.apiUrl.replace(/\/+$/, '').length) || '/'}`;
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers: {
            'accept': 'application/vnd.github+json',
            'authorization': `Bearer ${this.options.token ?? ''}`,
            'user-agent': 'llm-bench',
            'x-github-api-version': '2022-11-28',
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
      } catch (error) {
        if (attempt < maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw new GitHubRequestError(what, undefined, `network error (${(error as NodeJS.ErrnoException).code ?? 'unknown'})`);
      }
      if (response.ok) return response;
      const message = await readMessage(response);
      if (response.status === 401) throw new GitHubAuthError(message);
      const wait = this.rateLimitWait(response, message, attempt);
      const retryable = wait !== undefined || response.status >= 500;
      if (retryable && attempt < maxRetries) {
        const waitMs = wait ?? this.backoff(attempt);
        if (waitMs > (this.options.maxWaitMs ?? 15 * 60 * 1000)) throw new GitHubRateLimitError(what, waitMs);
        await this.sleep(waitMs);
        continue;
      }
      if (wait !== undefined) throw new GitHubRateLimitError(what, wait);
      throw new GitHubRequestError(what, response.status, message);
    }
  }
}
