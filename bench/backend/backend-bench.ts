import { Agent } from 'node:http';
import { median, quantileSorted } from 'simple-statistics';
import { forkBenchServer, type BenchServer } from './bench-servers.js';
import { measureStreams } from './stream-timing.js';
import { measureThroughput, postOnce, type ThroughputTarget } from './throughput.js';

export interface BackendBenchOptions {
  /** Interleaved mock/bare rounds for the throughput comparison. */
  readonly rounds: number;
  readonly roundMs: number;
  readonly connections: number;
  /** Latency the mock is configured with for the accuracy part. */
  readonly ttftMs: number;
  readonly itlMs: number;
  readonly streamTokens: number;
  readonly streamLevels: readonly number[];
  readonly waves: number;
}

export interface ThroughputResult {
  readonly mockRps: number[];
  readonly bareRps: number[];
  /** Median over rounds of mock rps / bare rps, each round measured back to back. */
  readonly medianRatio: number;
}

export interface AccuracyRow {
  readonly streams: number;
  readonly ttftP50: number;
  readonly ttftP99: number;
  readonly itlP50: number;
  readonly itlP99: number;
}

export interface BackendBenchResult {
  readonly throughput: ThroughputResult;
  readonly accuracy: AccuracyRow[];
}

const model = 'mock-llm-v1';
const chatRequest = JSON.stringify({ model, messages: [{ role: 'user', content: 'Benchmark this backend please' }], max_tokens: 16 });

async function compareThroughput(options: BackendBenchOptions, onProgress: (line: string) => void): Promise<ThroughputResult> {
  const mock = await forkBenchServer({ kind: 'mock', options: { ttftMs: 0, itlMs: 0 } });
  let bare: BenchServer | undefined;
  try {
    const sample = await postOnce(new Agent(), { url: mock.url, path: '/v1/chat/completions', body: chatRequest });
    bare = await forkBenchServer({ kind: 'bare', reply: { contentType: sample.contentType, body: sample.body } });
    const targets: Record<'mock' | 'bare', ThroughputTarget> = {
      mock: { url: mock.url, path: '/v1/chat/completions', body: chatRequest },
      bare: { url: bare.url, path: '/v1/chat/completions', body: chatRequest },
    };
    const warmUpMs = Math.min(1500, options.roundMs);
    await measureThroughput(targets.mock, options.connections, warmUpMs);
    await measureThroughput(targets.bare, options.connections, warmUpMs);
    const mockRps: number[] = [];
    const bareRps: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // Alternate which goes first so a drift in machine load does not favour one side.
      const order: Array<'mock' | 'bare'> = round % 2 === 0 ? ['mock', 'bare'] : ['bare', 'mock'];
      const rps: Record<string, number> = {};
      for (const side of order) rps[side] = await measureThroughput(targets[side], options.connections, options.roundMs);
      mockRps.push(rps.mock!);
      bareRps.push(rps.bare!);
      ratios.push(rps.mock! / rps.bare!);
      onProgress(`round ${round + 1}/${options.rounds}: mock ${rps.mock!.toFixed(0)} req/s, bare ${rps.bare!.toFixed(0)} req/s`);
    }
    return { mockRps, bareRps, medianRatio: median(ratios) };
  } finally {
    await Promise.all([mock.stop(), bare?.stop()]);
  }
}

function percentile(samples: number[], p: number): number {
  return samples.length === 0 ? Number.NaN : quantileSorted([...samples].sort((a, b) => a - b), p);
}

async function measureAccuracy(options: BackendBenchOptions, onProgress: (line: string) => void): Promise<AccuracyRow[]> {
  const mock = await forkBenchServer({ kind: 'mock', options: { ttftMs: options.ttftMs, itlMs: options.itlMs } });
  try {
    const rows: AccuracyRow[] = [];
    for (const streams of options.streamLevels) {
      const expectedStreamMs = options.ttftMs + options.streamTokens * options.itlMs;
      const timings = await measureStreams(mock.url, model, streams, options.streamTokens, options.waves, expectedStreamMs);
      const row = {
        streams,
        ttftP50: percentile(timings.ttftMs, 0.5),
        ttftP99: percentile(timings.ttftMs, 0.99),
        itlP50: percentile(timings.itlMs, 0.5),
        itlP99: percentile(timings.itlMs, 0.99),
      };
      rows.push(row);
      onProgress(`${streams} streams: TTFT p99 ${row.ttftP99.toFixed(2)} ms, ITL p99 ${row.itlP99.toFixed(2)} ms`);
    }
    return rows;
  } finally {
    await mock.stop();
  }
}

/** Runs both parts of the backend benchmark; servers run in child processes on loopback. */
export async function runBackendBench(
  options: BackendBenchOptions, onProgress: (line: string) => void = () => undefined,
): Promise<BackendBenchResult> {
  const throughput = await compareThroughput(options, onProgress);
  const accuracy = await measureAccuracy(options, onProgress);
  return { throughput, accuracy };
}
