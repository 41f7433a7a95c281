/**
 * Every shell command shown in README.md and docs/*.md is run here (or, for
 * the few that need Docker or are this suite itself, shown to be run by the
 * file that runs them). A command the table below does not know fails the
 * first test, naming it: to document a command, add its line to `checks`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { runCommand, runServerCommand, type CommandContext } from './command-runner.js';
import { readDocCommands } from './doc-commands.js';
import { startBackend, type RunningBackend } from '../../src/backend/index.js';
import { historySchemaVersion } from '../../src/bench/result/history-file.js';
import { gatewayConfig, startGateway, type RunningGateway } from '../../src/gateway/index.js';
import { craftHistory, noisySeries } from '../support/bench-histories.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

/** How a documented command is checked. */
type Check =
  /** Run it; by default it must exit 0. */
  | { readonly kind: 'run'; readonly codes?: readonly number[]; readonly stdout?: RegExp; readonly stderr?: RegExp; readonly before?: (context: CommandContext) => void }
  /** A server: on a free port it must answer /readyz with 200, then stop on SIGTERM. */
  | { readonly kind: 'server' }
  /** Run by another part of the checks: `file` must contain `contains`. */
  | { readonly kind: 'elsewhere'; readonly file: string; readonly contains: string; readonly why: string };

const run = (expected: Omit<Extract<Check, { kind: 'run' }>, 'kind'> = {}): Check => ({ kind: 'run', ...expected });
const server: Check = { kind: 'server' };
const elsewhere = (file: string, contains: string, why: string): Check => ({ kind: 'elsewhere', file, contains, why });
const byDockerSmoke = elsewhere('scripts/docker/smoke.sh', 'docker', 'needs a Docker engine: npm run docker:smoke (.ci/run) builds and runs the images');
const byKindJob = elsewhere('workflows/kubernetes-steps.ts', 'npm run k8s:', 'needs a cluster: the PR workflow\'s kind job and main\'s deploy-staging run it');
/** Before a command that reads `to`: a copy of `from` (an earlier command's output) when there is none yet. */
const copyIfMissing = (from: string, to: string) => (context: CommandContext): void => {
  const target = join(context.scratch, 'bench', to);
  if (!existsSync(target)) copyFileSync(join(context.scratch, 'bench', from), target);
};
const createBaseline = copyIfMissing('bench_results.json', 'baseline.json');
const createLlmBaseline = copyIfMissing('results-llm.json', 'baseline-llm.json');
/** Before a compare that must meet a baseline of another load: the latest result with one more connection. */
const createUnlikeBaseline = (context: CommandContext): void => {
  const result = JSON.parse(readFileSync(join(context.scratch, 'bench', 'bench_results.json'), 'utf8')) as { parameters: { concurrency: number } };
  result.parameters.concurrency += 1;
  writeFileSync(join(context.scratch, 'bench', 'baseline.json'), JSON.stringify(result));
};
/** Before `llm-bench history` when no compare has written a history yet: 20 steady nights. */
const createHistory = (context: CommandContext): void => {
  const target = join(context.scratch, 'bench', 'history.json');
  const history = { schema_version: historySchemaVersion, retention_days: 365, runs: craftHistory(noisySeries(20, 1)) };
  if (!existsSync(target)) writeFileSync(target, JSON.stringify(history));
};

const checks: Record<string, Check> = {
  // README.md
  'npm ci && npm start': server,
  'npm test': elsewhere('.ci/run', 'npm test', 'this suite is npm test; .ci/run runs it on a clean clone'),
  'npx projen': elsewhere('projenrc/check-drift.ts', "'.projenrc.ts'", 'npm test re-synthesizes the project in a scratch copy (the drift check)'),
  // docs/backend.md
  'npm run backend': server,
  'npx projen compile && npx llm-backend --help': run({ stdout: /^Usage: llm-backend/ }),
  'PORT=9000 MOCK_TTFT_MS=100 MOCK_ITL_MS=20 npx llm-backend --models mock-llm-v1,mock-llm-v2': server,
  'curl -s localhost:8001/v1/chat/completions -H \'content-type: application/json\' -d \'{"model":"mock-llm-v1","messages":[{"role":"user","content":"Hello"}],"max_tokens":8,"seed":1}\'': run({ stdout: /"object":"chat\.completion"/ }),
  'curl -sN localhost:8001/v1/chat/completions -H \'content-type: application/json\' -d \'{"model":"mock-llm-v1","messages":[{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}\'': run({ stdout: /data: \[DONE\]/ }),
  'curl -s localhost:8001/v1/completions -H \'content-type: application/json\' -d \'{"model":"mock-llm-v1","prompt":"Once upon a time"}\'': run({ stdout: /"object":"text_completion"/ }),
  'curl -s localhost:8001/v1/models': run({ stdout: /"id":"mock-llm-v1"/ }),
  'curl -s localhost:8001/generate -H \'content-type: application/json\' -d \'{"prompt":"Hello","max_tokens":16}\'': run({ stdout: /"tokens_per_sec"/ }),
  'curl -s localhost:8001/healthz; curl -s localhost:8001/readyz': run({ stdout: /"status":"ok"/ }),
  'curl -s localhost:8001/metrics': run({ stdout: /vllm:num_requests_running/ }),
  'curl -sN localhost:8001/v1/chat/completions -H \'content-type: application/json\' -H \'x-mock-fault: cut\' -H \'x-mock-fault-after-tokens: 3\' -d \'{"model":"mock-llm-v1","messages":[{"role":"user","content":"Hi"}],"stream":true}\'': run({ codes: [18], stdout: /^data: / }),
  'MOCK_FAULT_RATE=0.05 MOCK_FAULT_KINDS=http-503,cut npm run backend': server,
  // docs/ci.md
  'npm run eslint && npm run workflows:lint && npx tsx projenrc/check-drift.ts': elsewhere('.projen/tasks.json', 'tsx projenrc/check-drift.ts', 'steps of npm test'),
  'npm run docker:smoke -- --network bridge': elsewhere('scripts/docker/smoke.sh', 'bridge', 'needs a Docker engine: the same script as npm run docker:smoke'),
  'npm run workflows:lint': elsewhere('.projen/tasks.json', 'workflows:lint', 'the first step of npm test'),
  'npx mocha --no-config --node-option import=tsx --timeout 20000 \'test/workflows/*.test.ts\'': elsewhere('.mocharc.json', 'test/**/*.test.ts', 'these files are part of this suite'),
  // docs/configuration.md
  'PORT=abc LOG_LEVEL=loud npx llm-gateway': run({ codes: [2], stderr: /^llm-gateway: PORT='abc' is invalid: expected an integer from 0 to 65535; LOG_LEVEL='loud' is invalid/ }),
  // docs/docker.md
  'docker build -f Dockerfile.gateway -t llm-gateway:local .': byDockerSmoke,
  'docker build -f Dockerfile.backend -t llm-backend:local .': byDockerSmoke,
  'docker run --rm -p 127.0.0.1:8000:8000 llm-gateway:local': byDockerSmoke,
  'curl -s localhost:8000/v1/chat/completions -H \'content-type: application/json\' -d \'{"model":"mock-llm-v1","messages":[{"role":"user","content":"Hello"}]}\'': run({ stdout: /"object":"chat\.completion"/ }),
  'docker network create llm': byDockerSmoke,
  'docker run -d --name backend --network llm llm-backend:local': byDockerSmoke,
  'docker run -d --name gateway --network llm -p 127.0.0.1:8000:8000 -e BACKEND_URLS=http://backend:8001 llm-gateway:local': byDockerSmoke,
  'curl -s localhost:8000/readyz': run({ stdout: /"status":"ready"/ }),
  'docker rm -f gateway backend && docker network rm llm': byDockerSmoke,
  'docker run -d --name backend --network host -e HOST=127.0.0.1 -e PORT=8001 llm-backend:local': byDockerSmoke,
  'docker run -d --name gateway --network host -e HOST=127.0.0.1 -e PORT=8000 -e BACKEND_URLS=http://127.0.0.1:8001 llm-gateway:local': byDockerSmoke,
  'npm run docker:smoke': elsewhere('.ci/run', 'npm run docker:smoke', 'needs a Docker engine: .ci/run runs it'),
  'npm run docker:smoke -- --network bridge --port-base 29000': elsewhere('scripts/docker/smoke.sh', '--port-base', 'needs a Docker engine: the same script as npm run docker:smoke'),
  // docs/gateway.md
  'npm start': server,
  'BACKEND_URLS=http://127.0.0.1:8001 npm start': server,
  'npx projen compile && npx llm-gateway --help': run({ stdout: /^Usage: llm-gateway/ }),
  'GATEWAY_API_KEYS=sk-team-a,sk-team-b LOG_LEVEL=warn npx llm-gateway --port 9000 --retries 3': server,
  'LOG_FLUSH_MS=0 npx llm-gateway --port 9000': server,
  'NODE_OPTIONS=--max-semi-space-size=8 npx llm-gateway --port 9000': server,
  'curl -s localhost:8000/v1/chat/completions -H \'content-type: application/json\' -H \'authorization: Bearer sk-team-a\' -d \'{"model":"mock-llm-v1","messages":[{"role":"user","content":"Hello"}],"max_tokens":8}\'': run({ stdout: /"object":"chat\.completion"/ }),
  'curl -sN localhost:8000/v1/chat/completions -H \'content-type: application/json\' -d \'{"model":"mock-llm-v1","messages":[{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}\'': run({ stdout: /data: \[DONE\]/ }),
  'curl -s localhost:8000/v1/completions -H \'content-type: application/json\' -d \'{"model":"mock-llm-v1","prompt":"Once upon a time"}\'': run({ stdout: /"object":"text_completion"/ }),
  'curl -s localhost:8000/v1/models': run({ stdout: /"id":"mock-llm-v1"/ }),
  'curl -s localhost:8000/generate -H \'content-type: application/json\' -d \'{"prompt":"Hello","max_tokens":16}\'': run({ stdout: /"tokens_per_sec"/ }),
  'curl -s localhost:8000/healthz; curl -s localhost:8000/readyz': run({ stdout: /"status":"ready"/ }),
  'curl -s localhost:8000/metrics | grep llm_gateway_': run({ stdout: /llm_gateway_requests_total/ }),
  'curl -si localhost:8000/v1/completions -H \'content-type: application/json\' -H \'x-mock-fault: cut\' -d \'{"model":"mock-llm-v1","prompt":"x","stream":true}\'': run({ stdout: /"code":"upstream_stream_reset"/ }),
  // docs/kubernetes.md (and discovery in docs/gateway.md): a cluster or a DNS name with many addresses is not to be had here
  'BACKEND_URLS=http://llm-backend:8001 GATEWAY_DISCOVERY_INTERVAL_MS=5000 npx llm-gateway': elsewhere('test/gateway/backend-discovery.test.ts', 'discoveryIntervalMs', 'needs a name with many addresses: the discovery test answers one from a local DNS server'),
  'npm run k8s:deploy -- --env staging --gateway-image ghcr.io/your-org/llm-gateway@sha256:<digest> --backend-image ghcr.io/your-org/llm-backend@sha256:<digest>': byKindJob,
  'npm run k8s:smoke -- --namespace llm-staging': byKindJob,
  'npm run k8s:smoke -- --namespace llm-staging --scale-backends 4': byKindJob,
  'kubectl apply -f k8s/staging/': elsewhere('scripts/k8s/deploy.sh', 'kubectl', 'needs a cluster: k8s:deploy applies the same objects (test/k8s/scripts.test.ts, with a stand-in kubectl)'),
  'npm run --silent k8s:render -- --env production --gateway-image ghcr.io/your-org/llm-gateway:sha-1a2b3c4 --backend-image ghcr.io/your-org/llm-backend:sha-1a2b3c4 -o production.json': elsewhere('test/k8s/render.test.ts', 'writes to a file with -o', 'run by the k8s:render tests (which write into a scratch folder, not the checkout)'),
  'kubectl diff -f production.json && kubectl apply -f production.json': elsewhere('scripts/k8s/deploy.sh', 'kubectl', 'needs a cluster: k8s:deploy applies the same rendered List'),
  'npx mocha --no-config --node-option import=tsx --timeout 30000 \'test/k8s/*.test.ts\'': elsewhere('.mocharc.json', 'test/**/*.test.ts', 'these files are part of this suite'),
  // docs/benchmarks.md
  'npm run bench:gateway -- --rounds 15': elsewhere('projenrc/benchmarks.ts', 'bench/gateway-benchmark.ts', 'a measurement of about ten minutes, not a test: its numbers are in README.md and docs/benchmarks.md'),
  'npm run bench:gate': elsewhere('projenrc/benchmarks.ts', 'bench/gate-benchmark.ts', 'a measurement of about 1 h 45 min, not a test: it runs by hand, and its numbers are in docs/benchmarks.md'),
  'npm run bench:gate -- --sections ab': elsewhere('projenrc/benchmarks.ts', 'bench/gate-benchmark.ts', 'a measurement of many minutes, not a test'),
  'npm run bench:gate -- --sections cross --rounds 10 --overhead-requests 10000 --llm-requests 96': elsewhere('projenrc/benchmarks.ts', 'bench/gate-benchmark.ts', 'a measurement of minutes, not a test'),
  'npm run bench:gate -- --sections ab --scenarios llm --ab-runs 4 --ab-detection-runs 2': elsewhere('projenrc/benchmarks.ts', 'bench/gate-benchmark.ts', 'a measurement of minutes, not a test'),
  'npm run bench:changes': elsewhere('projenrc/benchmarks.ts', 'bench/change-point-benchmark.ts', 'a measurement of minutes on real runs, not a test: its numbers are in docs/benchmarks.md'),
  'npm run bench:changes -- --cv 5': elsewhere('test/bench-scripts/change-point-benchmark.test.ts', "'--cv'", 'the synthetic part alone: its test runs it with a given noise and few trials'),
  // docs/ci.md: main's benchmark topology and the nightly's commands
  'docker network create llm-bench': byDockerSmoke,
  'docker run -d --name llm-backend-1 --network llm-bench -e MOCK_TTFT_MS=50 -e MOCK_ITL_MS=10 llm-backend:local': byDockerSmoke,
  'docker run -d --name llm-backend-2 --network llm-bench -e MOCK_TTFT_MS=50 -e MOCK_ITL_MS=10 llm-backend:local': byDockerSmoke,
  'docker run -d --name llm-gateway --network llm-bench -p 127.0.0.1:8000:8000 -e BACKEND_URLS=http://llm-backend-1:8001,http://llm-backend-2:8001 llm-gateway:local': byDockerSmoke,
  'docker rm -f llm-gateway llm-backend-1 llm-backend-2 && docker network rm llm-bench': byDockerSmoke,
  'npm run llm-bench -- run --scenario llm --short --url http://127.0.0.1:8000 -o bench/results-llm.json': run({ stdout: /requests: +100/ }),
  'npm run llm-bench -- run --scenario llm --url http://127.0.0.1:8000 -o bench/results-llm.json': run({ stdout: /requests: +500/ }),
  'npm run llm-bench -- compare --current bench/results-llm.json --baseline bench/baseline-llm.json --json bench/verdict-llm.json --history bench/history.json --set-baseline --allow-missing-baseline': run({ codes: [0, 1] }),
  'GITHUB_REPOSITORY=owner/repo GITHUB_RUN_ID=1 npm run llm-bench -- issue --verdict bench/verdict-llm.json --dry-run': run({ stdout: /^dry run: /m }),
  // docs/llm-bench.md
  'npm run backend &': server,
  'npx llm-bench run --url http://localhost:8001 -n 500 -c 16 --prompts bench/prompts.jsonl -o bench/bench_results.json': run({ stdout: /requests: +500/ }),
  'npx llm-bench run --url http://localhost:8001 --stream -n 200 -c 8': run({ stdout: /time to first token/i }),
  'npx llm-bench run --url http://localhost:8001 --rate 50 --arrival poisson --duration 30 -c 64': run({ stdout: /failures: +0/ }),
  'npx llm-bench run --api generate -n 100 --json > result.json': run(),
  'npx llm-bench run --scenario llm --url http://localhost:8000 -o bench/results-llm.json': run({ stdout: /requests: +500/ }),
  'npx llm-bench run --url http://localhost:8001 -n 500 -c 16 --target-metrics none': run({ stdout: /requests: +500/ }),
  'npx llm-bench compare --current bench/results-llm.json --baseline bench/baseline-llm.json --json bench/verdict-llm.json --history bench/history.json': run({ codes: [0, 1], before: createLlmBaseline }),
  'GITHUB_TOKEN=... GITHUB_REPOSITORY=owner/repo GITHUB_RUN_ID=123 npx llm-bench issue --verdict bench/verdict-overhead.json,bench/verdict-llm.json': run({ before: copyIfMissing('verdict-llm.json', 'verdict-overhead.json') }),
  'GITHUB_REPOSITORY=owner/repo GITHUB_RUN_ID=123 npx llm-bench issue --verdict bench/verdict-llm.json --dry-run': run({ stdout: /^dry run: /m }),
  'GITHUB_TOKEN=... GITHUB_REPOSITORY=owner/repo GITHUB_RUN_ID=123 npx llm-bench issue --could-not-run "the gateway never became ready"': run(),
  'npx llm-bench ab --scenario llm --short --baseline-url http://localhost:8001 --current-url http://localhost:8000 --json bench/verdict-ab-llm.json': run({
    codes: [0, 1], stdout: /^A\/B in 10 interleaved rounds: /, stderr: /^ab: warm-up, /,
  }),
  'npx llm-bench history --history bench/history.json --json bench/verdict-history.json': run({ stdout: /^PASS: no lasting regression/m, before: createHistory }),
  'npx llm-bench compare --rule threshold': run({ codes: [0, 1], before: createBaseline }),
  'npx llm-bench compare --allow-missing-baseline --set-baseline': run({ codes: [0, 1] }),
  'npx llm-bench compare --replace-unlike-baseline --set-baseline': run({ stdout: /^SKIPPED: the baseline at bench\/baseline\.json used another load \(concurrency /, before: createUnlikeBaseline }),
};

const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const documented = readDocCommands(root);
const curlMissing = spawnSync('curl', ['--version'], { stdio: 'ignore' }).error !== undefined;

describe('the commands the docs show', function () {
  // Server commands start npm, projen and node; on a loaded 2-core machine that takes seconds.
  this.timeout(60_000);
  let backend: RunningBackend;
  let gateway: RunningGateway;
  let github: FakeGitHub;
  let context: CommandContext;

  before(async () => {
    backend = await startBackend({ host: '127.0.0.1', port: 0, ttftMs: 0, itlMs: 0 });
    gateway = await startGateway(gatewayConfig({ host: '127.0.0.1', port: 0, backendUrls: [backend.url], probeIntervalMs: 0, logLevel: 'silent' }));
    github = await startFakeGitHub('...');
    const scratch = mkdtempSync(join(tmpdir(), 'docs-commands-'));
    mkdirSync(join(scratch, 'bench'));
    copyFileSync(join(root, 'bench', 'prompts.jsonl'), join(scratch, 'bench', 'prompts.jsonl'));
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    const inherited = Object.entries(process.env).filter(([key]) => !/^(GITHUB_|LLM_BENCH_|MOCK_|GATEWAY_)|^(PORT|HOST|BACKEND_URLS|LOG_LEVEL|TESTS_LINE_FILE)$/.test(key));
    context = {
      root,
      scratch,
      backendHost: new URL(backend.url).host,
      gatewayHost: new URL(gateway.url).host,
      env: {
        ...Object.fromEntries(inherited) as Record<string, string>,
        // Loopback only; llm-bench's default URL and GitHub's API are the test's servers.
        HOST: '127.0.0.1',
        LLM_BENCH_URL: gateway.url,
        GITHUB_API_URL: github.url,
      },
    };
  });
  after(async () => {
    await Promise.all([gateway.close(0), backend.close(0), github.close()]);
    rmSync(context.scratch, { recursive: true, force: true });
  });

  it('knows every command in README.md and docs/ (add a new one to `checks`), and no other', () => {
    const unknown = documented.filter(({ command }) => checks[command] === undefined).map(({ file, line, command }) => `${file}:${line}: ${command}`);
    expect(unknown, `commands no test runs:\n${unknown.join('\n')}\n`).to.deep.equal([]);
    const shown = new Set(documented.map(({ command }) => command));
    expect(Object.keys(checks).filter((command) => !shown.has(command)), 'checks of commands the docs no longer show').to.deep.equal([]);
  });

  for (const { file, line, command } of documented) {
    const check = checks[command];
    if (check === undefined) continue;
    it(`${file}:${line}: ${command}`, async () => {
      if (check.kind === 'elsewhere') {
        expect(readFileSync(join(root, check.file), 'utf8'), `${check.file} (${check.why})`).to.include(check.contains);
      } else if (check.kind === 'server') {
        const started = await runServerCommand(command, context);
        expect(started.ready, started.output).to.equal(200);
      } else if (curlMissing && command.startsWith('curl ')) {
        // Like shellcheck, curl is not npm's to install: loud here, required under CI.
        expect(process.env.CI, 'curl is required under CI=true').not.to.equal('true');
        process.stderr.write(`      CURL NOT FOUND on PATH: not run: ${command}\n`);
      } else {
        check.before?.(context);
        const result = await runCommand(command, context);
        const codes = check.codes ?? [0];
        expect(codes, `exit code ${String(result.code)}; stderr: ${result.stderr}`).to.include(result.code);
        if (check.stdout) expect(result.stdout).to.match(check.stdout);
        if (check.stderr) expect(result.stderr).to.match(check.stderr);
      }
    });
  }
});
