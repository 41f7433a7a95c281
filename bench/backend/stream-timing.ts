import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';

export interface StreamTimings {
  /** Time from sending each request to its first content frame, ms. */
  readonly ttftMs: number[];
  /** Gaps between consecutive content frames of each stream, ms. */
  readonly itlMs: number[];
}

function timeOneStream(agent: Agent, url: string, body: string, into: StreamTimings): Promise<void> {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    let last = -1;
    let chunkAt = 0;
    // Frames that arrive together were due apart: each after the first in a chunk counts as a 0 ms gap.
    const parser = createParser({
      onEvent: ({ data }) => {
        if (!data.includes('"content":')) return;
        if (last < 0) into.ttftMs.push(chunkAt - sentAt);
        else into.itlMs.push(chunkAt - last);
        last = chunkAt;
      },
    });
    const req = request(`${url}/v1/chat/completions`, { agent, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        chunkAt = performance.now();
        parser.feed(chunk);
      });
      res.once('end', resolve);
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

/**
 * Keeps `streams` chat streams in flight against a mock backend: each of
 * `streams` clients runs `waves + 1` streams back to back, the first one
 * unmeasured (it opens the connection and warms up). Clients start spread
 * evenly over one stream's expected duration, so arrivals are steady rather
 * than one burst. Records client-side time to first token and token gaps.
 */
export async function measureStreams(
  url: string, model: string, streams: number, tokens: number, waves: number, expectedStreamMs: number,
): Promise<StreamTimings> {
  const agent = new Agent({ keepAlive: true, maxSockets: streams });
  const body = JSON.stringify({
    model, messages: [{ role: 'user', content: 'benchmark stream' }], max_tokens: tokens, ignore_eos: true, stream: true,
  });
  const measured: StreamTimings = { ttftMs: [], itlMs: [] };
  const client = async (index: number): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, (index / streams) * expectedStreamMs));
    for (let wave = 0; wave <= waves; wave++) {
      await timeOneStream(agent, url, body, wave === 0 ? { ttftMs: [], itlMs: [] } : measured);
    }
  };
  try {
    await Promise.all(Array.from({ length: streams }, (_, index) => client(index)));
  } finally {
    agent.destroy();
  }
  return measured;
}
