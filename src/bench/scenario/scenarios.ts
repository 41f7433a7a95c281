/**
 * The load of every gated benchmark, in one place: `llm-bench run --scenario`,
 * `ab` and `compare` read it, the workflows start the backends and pass the load
 * from it, and bench:gate measures the gate on it. Pure data: what makes each
 * scenario what it is lives here; its backends and load are settings
 * (`scenarios` in platform.config.ts), which `npx projen` writes to
 * scenario-settings.generated.ts for the compiled CLI to read.
 */
import { scenarioSettings } from './scenario-settings.generated.js';

export interface ScenarioBackend {
  /** Mock backend containers (or processes) behind the gateway. */
  readonly count: number;
  /** The mock's latency model, as its environment variables. */
  readonly env: Readonly<Record<string, string>>;
}

/** The part of a scenario's load a user may change (platform.config.ts). */
export interface ScenarioLoadSettings {
  /** Connections: without `rate`, a closed loop of this many requests in flight; with it, the cap of the open loop. */
  readonly concurrency: number;
  /**
   * Open loop: requests started per second on a fixed schedule. A fixed rate keeps the work per second the same in
   * every run, so CPU per request does not move with how many requests each event-loop turn happens to batch.
   */
  readonly rate?: number;
  readonly requests: number;
  /** main's benchmark job: a short form of the same load (and the round size of `llm-bench ab --short`). */
  readonly shortRequests: number;
  /** `llm-bench ab`: requests per target in each interleaved round, enough for the round's own p95. */
  readonly roundRequests: number;
  readonly warmup: number;
}

export interface ScenarioLoad extends ScenarioLoadSettings {
  readonly api: 'chat';
  readonly stream: boolean;
}

/** What platform.config.ts sets of a scenario: its backends and its load. */
export interface ScenarioSettings {
  readonly backend: ScenarioBackend;
  readonly load: ScenarioLoadSettings;
}

export interface Scenario {
  readonly description: string;
  readonly backend: ScenarioBackend;
  readonly load: ScenarioLoad;
  /**
   * Metrics compare, ab and the history show but never fail or warn on here (names as in the verdict file). The llm
   * scenario gates what users feel: next to its 100 ms TTFT the gateway's sub-millisecond time and CPU are noise. The
   * overhead scenario gates the gateway's own cost, CPU per request: its sub-millisecond latencies move by more than
   * 20 % between runs of one build, and in A/B rounds whenever one side shares its cores with other work.
   */
  readonly reportedOnly: readonly ReportedMetric[];
}

export type ReportedMetric = 'p95_latency' | 'p50_latency' | 'gateway_overhead_p95' | 'target_cpu_per_request';

export const scenarioNames = ['overhead', 'llm'] as const;
export type ScenarioName = typeof scenarioNames[number];

/** What a scenario measures, which no setting changes. */
type ScenarioDefinition = Pick<Scenario, 'description' | 'reportedOnly'> & Pick<ScenarioLoad, 'api' | 'stream'>;

const definitions: Record<ScenarioName, ScenarioDefinition> = {
  overhead: {
    description: 'The gateway\'s own cost: zero-latency backends, non-streaming, a fixed rate that keeps the gateway busy but not saturated',
    api: 'chat',
    stream: false,
    reportedOnly: ['p95_latency', 'p50_latency', 'gateway_overhead_p95'],
  },
  llm: {
    description: 'What LLM users feel: streaming chat against backends with a realistic time-to-first-token and inter-token model',
    api: 'chat',
    stream: true,
    reportedOnly: ['gateway_overhead_p95', 'target_cpu_per_request'],
  },
};

const settings: Record<ScenarioName, ScenarioSettings> = scenarioSettings;

function scenarioOf(name: ScenarioName): Scenario {
  const { description, api, stream, reportedOnly } = definitions[name];
  return { description, backend: settings[name].backend, load: { api, stream, ...settings[name].load }, reportedOnly };
}

export const scenarios = Object.fromEntries(scenarioNames.map((name) => [name, scenarioOf(name)])) as Record<ScenarioName, Scenario>;

export function isScenarioName(name: string): name is ScenarioName {
  return (scenarioNames as readonly string[]).includes(name);
}

/** The scenario a result or history entry names (`overhead`, or `overhead:short` for its short form), if it is one of ours. */
export function knownScenario(scenario: string | null): Scenario | undefined {
  const name = scenario?.split(':')[0] ?? '';
  return isScenarioName(name) ? scenarios[name] : undefined;
}
