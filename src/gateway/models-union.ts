import type { Backend } from './backend-pool.js';
import { NoBackendAvailableError, UpstreamUnavailableError } from './gateway-errors.js';
import { isJsonObject } from '../http/index.js';

interface ModelEntry {
  readonly id: string;
}

function readModels(body: Buffer): ModelEntry[] {
  const list: unknown = JSON.parse(body.toString('utf8'));
  if (!isJsonObject(list) || !Array.isArray(list.data)) throw new Error('not a model list');
  return list.data.filter((entry): entry is ModelEntry => isJsonObject(entry) && typeof entry.id === 'string');
}

/** Asks one backend for its models and remembers them for routing; undefined when it cannot say. */
export async function refreshModels(
  backend: Backend, headers: Readonly<Record<string, string>>, timeoutMs: number,
): Promise<ModelEntry[] | undefined> {
  try {
    const reply = await backend.client.get('/v1/models', headers, timeoutMs);
    if (reply.status !== 200) return undefined;
    const models = readModels(reply.body);
    backend.models = new Set(models.map((model) => model.id));
    return models;
  } catch {
    return undefined;
  }
}

/**
 * `GET /v1/models` of every usable backend, merged by model id (the first
 * backend listing a model describes it). Backends that fail are left out;
 * only when all fail is it an error.
 */
export async function listModelsUnion(backends: readonly Backend[], requestId: string, timeoutMs: number): Promise<object> {
  const now = performance.now();
  const usable = backends.filter((backend) => backend.breaker.isAvailable(now));
  if (usable.length === 0) throw new NoBackendAvailableError();
  const headers = { 'x-request-id': requestId, 'accept': 'application/json' };
  const lists = await Promise.all(usable.map((backend) => refreshModels(backend, headers, timeoutMs)));
  if (lists.every((list) => list === undefined)) throw new UpstreamUnavailableError('no backend answered GET /v1/models');
  const byId = new Map<string, ModelEntry>();
  for (const list of lists) for (const model of list ?? []) if (!byId.has(model.id)) byId.set(model.id, model);
  return { object: 'list', data: [...byId.values()] };
}
