/**
 * `npm run bench:loadgen` (a script, not a test; loopback only, about two minutes).
 *
 * 1. Load generator: llm-bench run, autocannon and a node-fetch closed loop drive
 *    the same bare node:http server (in a worker thread, so it has its own core),
 *    same connections, interleaved rounds; prints each rate and the ratios.
 * 2. Gate: repeated short llm-bench runs of one build against a mock-like server
 *    with latency jitter; every pair is an A/A comparison (false alarms), and the
 *    same pairs with the current run's latencies scaled by 1.3 measure detection
 *    of a 30% p95 slowdown: statistical rule vs the plain threshold rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import fetch from 'node-fetch';
import { median } from 'simple-statistics';
import { combineVerdicts, compareMetrics, defaultCompareRules, type CompareRules } from '../src/bench/compare/compare-rules.js';
import type { BenchResult } from '../src/bench/result/result-schema.js';
import { buildApiRequest } from '../src/bench/run/api-shape.js';
import { generateLoad } from '../src/bench/run/load-generator.js';
import { runBenchmark } from '../src/bench/run/run-command.js';
import { runSchema } from '../src/bench/run/run-options.js';
import { summarizeLatencies } from '../src/bench/stats/latency-stats.js';
import { parseConfig } from '../src/config/index.js';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const gateRuns = Number(process.env.BENCH_GATE_RUNS ?? 21);
const gateRequestCounts = (process.env.BENCH_GATE_REQUESTS ?? '200,3000').split(',').filter((count) => count.trim() !== '').map(Number);

const serverSource = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const body = JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const reply = () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    if (workerData.baseMs === 0) return reply();
    setTimeout(reply, workerData.baseMs - Math.log(1 - Math.random()) * workerData.jitterMs);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

async function startServer(baseMs: number, jitterMs: number): Promise<{ url: string; close: () => Promise<number> }> {
  const worker = new Worker(serverSource, { eval: true, workerData: { baseMs, jitterMs } });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => worker.terminate() };
}

const scratch = mkdtempSync(join(tmpdir(), 'loadgen-'));
const quietIo = { env: {}, out: () => undefined, err: () => undefined, errIsTTY: false };

async function llmBenchRun(url: string, argv: string[]): Promise<BenchResult> {
  const config = parseConfig(runSchema, { argv: ['--url', url, '-o', join(scratch, 'result.json'), ...argv], env: {} });
  return runBenchmark(config, quietIo);
}

async function rateOfLlmBench(url: string): Promise<number> {
  return (await llmBenchRun(url, ['-c', String(connections), '--duration', String(seconds)])).throughput_rps;
}

async function rateOfAutocannon(url: string): Promise<number> {
  const request = buildApiRequest('chat', { prompt: 'Say hello.', max_tokens: 8 }, 'mock-llm-v1', false);
  const result = await autocannon({
    url: `${url}${request.path}`, method: 'POST', body: request.body, headers: { 'content-type': 'application/json' }, connections, duration: seconds,
  });
  return result['2xx'] / result.duration;
}

async function rateOfNodeFetch(url: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const request = buildApiRequest('chat', { prompt: 'Say hello.', max_tokens: 8 }, 'mock-llm-v1', false);
  const run = await generateLoad({ requests: Infinity, concurrency: connections, durationMs: seconds * 1000, arrival: 'constant', seed: 1 }, async (_index, startedAt) => {
    const response = await fetch(`${url}${request.path}`, { method: 'POST', body: request.body, headers: { 'content-type': 'application/json' }, agent });
    await response.json();
    return { ok: response.ok, latencyMs: performance.now() - startedAt };
  });
  agent.destroy();
  return run.outcomes.filter((outcome) => outcome.ok).length / (run.durationMs / 1000);
}

async function measureLoadGenerator(): Promise<void> {
  const server = await startServer(0, 0);
  const tools = { 'llm-bench run': rateOfLlmBench, 'autocannon': rateOfAutocannon, 'node-fetch loop': rateOfNodeFetch };
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(tools).map((name) => [name, []]));
  process.stdout.write(`Load generator: bare node:http server, ${connections} connections, ${rounds} interleaved rounds of ${seconds} s each\n`);
  for (let round = 0; round < rounds; round++) {
    const order = Object.entries(tools);
    if (round % 2 === 1) order.reverse();
    const line: string[] = [];
    for (const [name, measure] of order) {
      const rate = await measure(server.url);
      rates[name].push(rate);
      line.push(`${name} ${rate.toFixed(0)} req/s`);
    }
    process.stdout.write(`  round ${round + 1}: ${line.join(', ')}\n`);
  }
  await server.close();
  const medians = Object.fromEntries(Object.entries(rates).map(([name, values]) => [name, median(values)]));
  for (const [name, value] of Object.entries(medians)) process.stdout.write(`  median ${name}: ${value.toFixed(0)} req/s\n`);
  process.stdout.write(`  ratio llm-bench run / autocannon: ${(medians['llm-bench run'] / medians.autocannon).toFixed(3)} (goal >= 0.8)\n`);
  process.stdout.write(`  ratio node-fetch loop / autocannon: ${(medians['node-fetch loop'] / medians.autocannon).toFixed(3)}\n\n`);
}

function slowedDown(result: BenchResult, factor: number): BenchResult {
  const latencies = result.latencies_ms.map((value) => value * factor);
  return { ...result, latencies_ms: latencies, latency_stats: summarizeLatencies(latencies) ?? null };
}

function gateFails(baseline: BenchResult, current: BenchResult, rules: CompareRules): boolean {
  return combineVerdicts(compareMetrics(baseline, current, rules).map((row) => row.verdict)) === 'fail';
}

async function measureGate(gateRequests: number): Promise<void> {
  const server = await startServer(5, 2);
  process.stdout.write(
    `Gate: ${gateRuns} runs of ${gateRequests} requests (-c 16, --warmup 200) against a server answering in 5 ms + exponential jitter (mean 2 ms)\n`,
  );
  const runs: BenchResult[] = [];
  for (let run = 0; run < gateRuns; run++) runs.push(await llmBenchRun(server.url, ['-n', String(gateRequests), '-c', '16', '--warmup', '200']));
  await server.close();
  const p95s = runs.map((run) => run.latency_stats?.p95_ms ?? 0);
  process.stdout.write(`  p95 per run: min ${Math.min(...p95s).toFixed(2)} ms, median ${median(p95s).toFixed(2)} ms, max ${Math.max(...p95s).toFixed(2)} ms\n`);
  const pairs: [BenchResult, BenchResult][] = [];
  for (let first = 0; first < runs.length; first++) {
    for (let second = first + 1; second < runs.length; second++) pairs.push([runs[first], runs[second]]);
  }
  const rules = { statistical: defaultCompareRules, threshold: { ...defaultCompareRules, rule: 'threshold' as const } };
  for (const [name, rule] of Object.entries(rules)) {
    const started = performance.now();
    const falseAlarms = pairs.filter(([baseline, current]) => gateFails(baseline, current, rule)).length;
    const detected = pairs.filter(([baseline, current]) => gateFails(baseline, slowedDown(current, 1.3), rule)).length;
    process.stdout.write(
      `  ${name.padEnd(11)} rule: false alarms ${falseAlarms}/${pairs.length} A/A pairs = ${(100 * falseAlarms / pairs.length).toFixed(1)}%`
      + ` (goal < 1%), detected 30% slowdown ${detected}/${pairs.length} = ${(100 * detected / pairs.length).toFixed(1)}% (goal > 95%)`
      + ` [${((performance.now() - started) / 1000).toFixed(1)} s]\n`,
    );
  }
  process.stdout.write('\n');
}

const started = performance.now();
try {
  await measureLoadGenerator();
  for (const requests of gateRequestCounts) await measureGate(requests);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(`done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
