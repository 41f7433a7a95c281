/**
 * `npm run bench:answer-check`: what holding and checking non-streaming
 * answers costs the gateway per request. Two compiled gateways, one checking
 * answers (the default) and one with GATEWAY_UNCHECKED_ANSWERS=true, sit in
 * front of the same compiled mock backend; each round loads both with
 * autocannon in turn (the order alternating), and reads each gateway's CPU
 * time from /proc. Prints the medians over rounds and the spread of the
 * per-round difference; and, since end-to-end CPU on a shared 2-core machine
 * is noisy, the time of the check itself on the mock's real answer, in
 * process (the part of the difference that is not holding the body).
 */
import autocannon from 'autocannon';
import { backendReadyLine, cpuMicros, gatewayReadyLine, startChildServer, stopChildServers, type ChildServer } from './child-server.js';
import { integerOption, parseConfig, runCli } from '../src/config/index.js';
import { checkAnswer } from '../src/gateway/answer-check.js';

const schema = {
  rounds: integerOption({ flag: 'rounds', description: 'Interleaved rounds', default: 7, min: 1, max: 50 }),
  seconds: integerOption({ flag: 'seconds', description: 'Load duration per gateway per round', default: 3, min: 1, max: 60 }),
  connections: integerOption({ flag: 'connections', description: 'Concurrent connections', default: 16, min: 1, max: 1024 }),
  maxTokens: integerOption({ flag: 'max-tokens', description: 'max_tokens of each request (answer size)', default: 16, min: 1, max: 4096 }),
};

type Target = 'checked' | 'unchecked';

interface Sample {
  readonly cpuPerRequestUs: number;
  readonly requestsPerSecond: number;
}

async function load(gateway: ChildServer, body: string, seconds: number, connections: number): Promise<Sample> {
  const before = cpuMicros(gateway.child.pid!);
  const result = await autocannon({
    url: `${gateway.url}/v1/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${gateway.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { cpuPerRequestUs: (cpuMicros(gateway.child.pid!) - before) / result.requests.total, requestsPerSecond: result.requests.total / seconds };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median time of one checkAnswer call on `answer`, in µs, over batches of calls. */
function timeCheck(answer: Buffer): number {
  const batch = 2_000;
  const perCall: number[] = [];
  for (let round = 0; round < 25; round++) {
    const startedAt = performance.now();
    for (let call = 0; call < batch; call++) {
      if (checkAnswer(answer) !== undefined) throw new Error('the mock\'s answer failed the check');
    }
    perCall.push(((performance.now() - startedAt) * 1000) / batch);
  }
  return median(perCall.slice(5));
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(1)} to ${Math.max(...values).toFixed(1)}`;
}

await runCli('bench:answer-check', async () => {
  const options = parseConfig(schema, { argv: process.argv.slice(2), env: {} });
  const body = JSON.stringify({ model: 'mock-llm-v1', messages: [{ role: 'user', content: 'Check my answer' }], max_tokens: options.maxTokens });
  const backend = await startChildServer('lib/backend/cli.js', {
    MOCK_TTFT_MS: '0', MOCK_ITL_MS: '0', MOCK_MIN_OUTPUT_TOKENS: String(options.maxTokens), MOCK_MAX_OUTPUT_TOKENS: String(options.maxTokens),
  }, backendReadyLine);
  // info: the readiness line is an info log line; the access log it adds is drained and dropped.
  const gatewayEnv = { BACKEND_URLS: backend.url, LOG_LEVEL: 'info' };
  const gateways: Record<Target, ChildServer> = {
    checked: await startChildServer('lib/gateway/cli.js', gatewayEnv, gatewayReadyLine),
    unchecked: await startChildServer('lib/gateway/cli.js', { ...gatewayEnv, GATEWAY_UNCHECKED_ANSWERS: 'true' }, gatewayReadyLine),
  };
  try {
    const answer = Buffer.from(await (await fetch(`${backend.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body,
    })).arrayBuffer());
    const checkUs = timeCheck(answer);
    for (const gateway of Object.values(gateways)) await load(gateway, body, 1, options.connections);
    const samples: Record<Target, Sample[]> = { checked: [], unchecked: [] };
    for (let round = 0; round < options.rounds; round++) {
      const order: Target[] = round % 2 === 0 ? ['checked', 'unchecked'] : ['unchecked', 'checked'];
      for (const target of order) samples[target].push(await load(gateways[target], body, options.seconds, options.connections));
      process.stderr.write(`round ${round + 1}/${options.rounds} done\n`);
    }
    const cpu = (target: Target): number[] => samples[target].map((sample) => sample.cpuPerRequestUs);
    const rps = (target: Target): number[] => samples[target].map((sample) => sample.requestsPerSecond);
    const added = cpu('checked').map((value, index) => value - cpu('unchecked')[index]!);
    const throughput = rps('checked').map((value, index) => value / rps('unchecked')[index]!);
    process.stdout.write([
      '| measure | unchecked | checked (default) | difference (median of rounds; min to max) |',
      '| --- | ---: | ---: | --- |',
      `| gateway CPU per request | ${median(cpu('unchecked')).toFixed(1)} µs | ${median(cpu('checked')).toFixed(1)} µs | `
        + `${signed(median(added))} µs (${spread(added)}) |`,
      `| throughput | ${median(rps('unchecked')).toFixed(0)} req/s | ${median(rps('checked')).toFixed(0)} req/s | `
        + `${(median(throughput) * 100).toFixed(1)}% (${spread(throughput.map((ratio) => ratio * 100))}) |`,
      `| the check alone (in process, ${answer.length}-byte answer) | | ${checkUs.toFixed(2)} µs | |`,
      '',
      `${options.rounds} interleaved rounds of ${options.seconds} s per gateway, ${options.connections} connections, `
        + `answers of ${options.maxTokens} tokens (${Buffer.byteLength(body)}-byte requests).`,
      '',
    ].join('\n'));
  } finally {
    await stopChildServers([gateways.checked, gateways.unchecked, backend]);
  }
});
