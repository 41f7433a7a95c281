import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { runBackendBench } from './backend-bench.js';
import { formatBackendBench, readmeEnd, readmeStart, replaceReadmeSection } from './bench-report.js';
import {
  formatHelp, integerOption, parseConfig, runCli, stringListOption, stringOption, UsageError, wantsHelp,
} from '../../src/config/index.js';

const schema = {
  rounds: integerOption({ flag: 'rounds', env: 'BENCH_ROUNDS', description: 'Interleaved mock/bare throughput rounds', default: 10, min: 1, max: 50 }),
  roundMs: integerOption({ flag: 'round-ms', env: 'BENCH_ROUND_MS', description: 'Length of each round', default: 1500, min: 100, max: 10_000 }),
  connections: integerOption({ flag: 'connections', env: 'BENCH_CONNECTIONS', description: 'Keep-alive connections', default: 32, min: 1, max: 1024 }),
  ttftMs: integerOption({ flag: 'ttft-ms', env: 'BENCH_TTFT_MS', description: 'Configured time to first token', default: 50, min: 0, max: 10_000 }),
  itlMs: integerOption({ flag: 'itl-ms', env: 'BENCH_ITL_MS', description: 'Configured inter-token latency', default: 20, min: 0, max: 10_000 }),
  streamTokens: integerOption({ flag: 'stream-tokens', env: 'BENCH_STREAM_TOKENS', description: 'Tokens per stream', default: 20, min: 1, max: 1000 }),
  streamLevels: stringListOption({ flag: 'streams', env: 'BENCH_STREAMS', description: 'Concurrent stream counts', default: ['1', '64', '512'] }),
  waves: integerOption({ flag: 'waves', env: 'BENCH_WAVES', description: 'Measured waves per stream count', default: 3, min: 1, max: 20 }),
  readme: stringOption({ flag: 'write-readme', description: `Also write the tables between ${readmeStart} and ${readmeEnd} in this file`, default: undefined }),
};

function parseLevels(levels: string[]): number[] {
  const numbers = levels.map(Number);
  if (numbers.some((level) => !Number.isInteger(level) || level < 1 || level > 2048)) {
    throw new UsageError(`--streams='${levels.join(',')}' is invalid: expected comma-separated integers from 1 to 2048`);
  }
  return numbers;
}

await runCli('bench:backend', async () => {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp({ usage: 'npm run bench:backend -- [options]', summary: 'Mock backend vs bare node:http, and latency-model accuracy.', schema }));
    return 0;
  }
  const config = parseConfig(schema, { argv, env: process.env });
  const options = { ...config, streamLevels: parseLevels(config.streamLevels) };
  const readme = config.readme;
  if (readme !== undefined && (!existsSync(readme) || replaceReadmeSection(readFileSync(readme, 'utf8'), '') === undefined)) {
    throw new UsageError(`--write-readme: ${readme} does not exist or has no ${readmeStart} ... ${readmeEnd} markers`);
  }
  const result = await runBackendBench(options, (line) => process.stderr.write(`${line}\n`));
  const table = formatBackendBench(result, options);
  process.stdout.write(table);
  if (readme !== undefined) {
    writeFileSync(`${readme}.tmp`, replaceReadmeSection(readFileSync(readme, 'utf8'), table)!);
    renameSync(`${readme}.tmp`, readme);
  }
  return 0;
});
