import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ThroughputTarget {
  readonly url: string;
  readonly path: string;
  readonly body: string;
}

export interface RequestResult {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** One POST with a JSON body over `agent`, resolving with the whole answer. */
export function postOnce(agent: Agent, target: ThroughputTarget): Promise<RequestResult> {
  return new Promise((resolve, reject) => {
    const req = request(`${target.url}${target.path}`, {
      agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(target.body) },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode!, contentType: res.headers['content-type'] ?? '', body }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(target.body);
  });
}

/**
 * Closed-loop load: `connections` keep-alive clients each send the next
 * request as soon as the last one is answered, for `durationMs`. Returns
 * successful requests per second.
 */
export async function measureThroughput(target: ThroughputTarget, connections: number, durationMs: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  let completed = 0;
  const startedAt = performance.now();
  const deadline = startedAt + durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const result = await postOnce(agent, target);
      if (result.status !== 200) throw new Error(`benchmark request failed with HTTP ${result.status}: ${result.body.slice(0, 200)}`);
      completed++;
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, client));
  } finally {
    agent.destroy();
  }
  return completed / ((performance.now() - startedAt) / 1000);
}
