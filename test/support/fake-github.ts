/**
 * A fake GitHub REST server (Koa on 127.0.0.1, port 0) holding labels, issues
 * and comments in memory. It records every request and can be told to answer
 * the next requests with a fault (500, 403 with retry-after, 401, ...).
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
  state_reason?: string;
  pull_request?: { url: string };
}

export interface Fault {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly message?: string;
}

export interface FakeGitHub {
  readonly url: string;
  readonly token: string;
  readonly requests: RecordedRequest[];
  readonly labels: { name: string }[];
  readonly issues: FakeIssue[];
  readonly comments: { issue: number; body: string }[];
  /** Answer the next requests with these faults, one each, before behaving normally again. */
  failNext(...faults: Fault[]): void;
  /** Requests without the reads: method and path of every write, in order. */
  writes(): { method: string; url: string; body: unknown }[];
  close(): Promise<void>;
}

async function readBody(req: NodeJS.ReadableStream): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) as unknown : undefined;
}

function paginate<T>(ctx: Koa.Context, items: T[]): T[] {
  const perPage = Number(ctx.query.per_page ?? 30);
  const page = Number(ctx.query.page ?? 1);
  if (page * perPage < items.length) {
    const next = new URL(ctx.href);
    next.searchParams.set('page', String(page + 1));
    ctx.set('link', `<${next.href}>; rel="next", <${ctx.origin}/unrelated>; rel="last"`);
  }
  return items.slice((page - 1) * perPage, page * perPage);
}

export async function startFakeGitHub(token = 'test-token'): Promise<FakeGitHub> {
  const state = {
    requests: [] as RecordedRequest[],
    labels: [] as { name: string }[],
    issues: [] as FakeIssue[],
    comments: [] as { issue: number; body: string }[],
    faults: [] as Fault[],
  };
  const app = new Koa();
  const router = new Router({ prefix: '/repos/:owner/:repo' });
  app.use(async (ctx, next) => {
    const body = await readBody(ctx.req);
    ctx.state.body = body;
    state.requests.push({ method: ctx.method, url: ctx.url, body, authorization: ctx.get('authorization') || undefined });
    const fault = state.faults.shift();
    if (fault) {
      ctx.status = fault.status;
      ctx.set(fault.headers ?? {});
      ctx.body = { message: fault.message ?? 'fault' };
      return;
    }
    if (ctx.get('authorization') !== `Bearer ${token}`) {
      ctx.status = 401;
      ctx.body = { message: 'Bad credentials' };
      return;
    }
    await next();
  });
  router.get('/labels', (ctx) => { ctx.body = paginate(ctx, state.labels); });
  router.post('/labels', (ctx) => {
    state.labels.push({ name: (ctx.state.body as { name: string }).name });
    ctx.status = 201;
    ctx.body = ctx.state.body;
  });
  router.get('/issues', (ctx) => {
    const label = ctx.query.labels as string | undefined;
    const wanted = state.issues.filter((issue) => issue.state === ctx.query.state && (!label || issue.labels.includes(label)));
    ctx.body = paginate(ctx, wanted);
  });
  router.post('/issues', (ctx) => {
    const input = ctx.state.body as { title: string; body: string; labels: string[] };
    const issue: FakeIssue = { number: state.issues.length + 1, ...input, state: 'open' };
    state.issues.push(issue);
    ctx.status = 201;
    ctx.body = issue;
  });
  router.post('/issues/:number/comments', (ctx) => {
    state.comments.push({ issue: Number(ctx.params.number), body: (ctx.state.body as { body: string }).body });
    ctx.status = 201;
    ctx.body = { id: state.comments.length };
  });
  router.patch('/issues/:number', (ctx) => {
    const issue = state.issues.find((candidate) => candidate.number === Number(ctx.params.number));
    if (!issue) return ctx.throw(404);
    Object.assign(issue, ctx.state.body);
    ctx.body = issue;
  });
  app.use(router.routes());
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests: state.requests,
    labels: state.labels,
    issues: state.issues,
    comments: state.comments,
    failNext: (...faults) => { state.faults.push(...faults); },
    writes: () => state.requests.filter((request) => request.method !== 'GET').map(({ method, url, body }) => ({ method, url, body })),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
