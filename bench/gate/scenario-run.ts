/**
 * One `llm-bench run` of a gated scenario with bench:gate's shorter run length, in a process of its own:
 * `tsx bench/gate/scenario-run.ts <scenario> <url> <result file> <requests>`. The result records the scenario,
 * so compare judges it by that scenario's rules, as in the nightly.
 */
import { applyScenario, runBenchmark } from '../../src/bench/run/run-command.js';
import { runSchema } from '../../src/bench/run/run-options.js';
import { parseConfig, runCli } from '../../src/config/index.js';

const quietIo = { env: {}, out: () => undefined, err: (text: string) => process.stderr.write(text), errIsTTY: false };

await runCli('scenario-run', async () => {
  const [scenario = '', url = '', file = '', requestsText = ''] = process.argv.slice(2);
  const requests = Number(requestsText);
  const config = applyScenario(parseConfig(runSchema, { argv: ['--scenario', scenario, '--url', url, '-o', file], env: {} }));
  await runBenchmark({ ...config, numRequests: requests, warmup: Math.min(config.warmup, Math.ceil(requests / 10)) }, quietIo);
  return 0;
});
