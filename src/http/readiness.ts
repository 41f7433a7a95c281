import type Router from '@koa/router';

export type ReadinessState = 'starting' | 'ready' | 'draining';

/** Whether a server should receive new traffic; `/readyz` answers from it. */
export class Readiness {
  private current: ReadinessState = 'starting';

  get state(): ReadinessState {
    return this.current;
  }

  get isReady(): boolean {
    return this.current === 'ready';
  }

  markReady(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  /** One way: a draining server never becomes ready again. */
  markDraining(): void {
    this.current = 'draining';
  }
}

const liveBody = Object.freeze({ status: 'ok' });

/**
 * Liveness (`/healthz`, `/health`: 200 while the process serves HTTP) and
 * readiness (`/readyz`, `/ready`: 200 when ready, 503 while starting or
 * draining), the names Kubernetes and vLLM users expect.
 */
export function addHealthRoutes(router: Router, readiness: Readiness): void {
  router.get(['/healthz', '/health'], (ctx) => {
    ctx.body = liveBody;
  });
  router.get(['/readyz', '/ready'], (ctx) => {
    ctx.status = readiness.isReady ? 200 : 503;
    ctx.body = { status: readiness.state };
  });
}
