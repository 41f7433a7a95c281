import { isScenarioName, scenarios, type ScenarioName } from '../scenario/scenarios.js';

/** The two builds an A/B compares; a commit nobody recorded is shown as a placeholder to fill in. */
export interface CommitPair {
  readonly baseline?: string;
  readonly current?: string;
}

/** Loopback ports of the local A/B: the gateways where the nightly publishes them, the backends after them. */
export const localAbPorts = { current: 8000, baseline: 8002, firstBackend: 8101 } as const;

const folders = { baseline: '../ab-baseline', current: '../ab-current' } as const;

function localUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** The scenario a verdict names (`overhead`, or `overhead:short` for its short form). */
export function scenarioNameOf(verdictScenario: string | null): ScenarioName | undefined {
  const name = verdictScenario?.split(':')[0] ?? '';
  return isScenarioName(name) ? name : undefined;
}

/** Both commits checked out beside the clone and compiled, then the shell moves into tonight's build. */
function buildLines(commits: CommitPair): string[] {
  const commitOf = (side: keyof CommitPair) => commits[side] ?? `<${side}-commit>`;
  return [
    'git fetch origin',
    ...(['baseline', 'current'] as const).map((side) =>
      `git worktree add ${folders[side]} ${commitOf(side)} && (cd ${folders[side]} && npm ci && npm run compile)`),
    `cd ${folders.current}`,
  ];
}

/**
 * One scenario as the nightly runs it, with processes instead of containers:
 * its backends with the scenario's latency model, each build's gateway in
 * front of the same backends, a bounded wait for both, the A/B, and cleanup.
 */
function scenarioLines(name: ScenarioName): string[] {
  const { backend } = scenarios[name];
  const backendPorts = Array.from({ length: backend.count }, (_, index) => localAbPorts.firstBackend + index);
  const backendEnv = Object.entries(backend.env).map(([key, value]) => `${key}=${value}`).join(' ');
  const backendUrls = backendPorts.map(localUrl).join(',');
  // At info the gateway logs a line per request: tens of thousands in an A/B.
  const gatewayEnv = (port: number) => `HOST=127.0.0.1 PORT=${port} LOG_LEVEL=warn BACKEND_URLS=${backendUrls}`;
  return [
    ...backendPorts.map((port) => `HOST=127.0.0.1 PORT=${port} ${backendEnv} node lib/backend/cli.js &`),
    `${gatewayEnv(localAbPorts.current)} node lib/gateway/cli.js &`,
    `${gatewayEnv(localAbPorts.baseline)} node ${folders.baseline}/lib/gateway/cli.js &`,
    `for port in ${localAbPorts.current} ${localAbPorts.baseline}; do for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 1; done; done`,
    `npx llm-bench ab --scenario ${name} --baseline-url ${localUrl(localAbPorts.baseline)} --current-url ${localUrl(localAbPorts.current)}   # --short for a quick look`,
    'kill $(jobs -p)',
  ];
}

function shellBlock(lines: readonly string[]): string {
  return ['```sh', ...lines, '```', ''].join('\n');
}

/**
 * How to rerun the nightly's A/B on one's own machine: two local builds
 * (git worktrees of both commits) and `llm-bench ab`, as copy-paste blocks.
 */
export function formatLocalReproduction(names: readonly ScenarioName[], commits: CommitPair): string {
  return [
    '#### Reproduce locally',
    '',
    'From a clone of this repository, with Node.js 20 and curl: build both commits side by side,',
    '',
    shellBlock(buildLines(commits)),
    ...names.flatMap((name) => [`then run the ${name} A/B (its backends, both gateways in front of them, \`llm-bench ab\`):`, '', shellBlock(scenarioLines(name))]),
  ].join('\n');
}
