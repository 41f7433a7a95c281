import type Router from '@koa/router';

/** `GET /v1/models`: the configured model ids in OpenAI's list format (built once: it never changes). */
export function addModelsRoute(router: Router, models: readonly string[], maxModelLen: number): void {
  const created = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created, owned_by: 'llm-inference-platform', max_model_len: maxModelLen })),
  });
  router.get('/v1/models', (ctx) => {
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = body;
  });
}
