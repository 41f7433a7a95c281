/**
 * The load of every gated benchmark, in one place: `llm-bench run --scenario`,
 * `ab` and `compare` read it, the workflows start the backends and pass the load
 * from it, and bench:gate measures the gate on it. Pure data, no imports, so
 * workflows/ may import this one file from src/.
 */
export interface ScenarioBackend {
  /** Mock backend containers (or processes) behind the gateway. */
  readonly count: number;
  /** The mock's latency model, as its environment variables. */
  readonly env: Readonly<Record<string, string>>;
}

export interface ScenarioLoad {
  readonly api: 'chat';
  readonly stream: boolean;
  /** A closed loop of this many requests in flight. */
  readonly concurrency: number;
  readonly requests: number;
  /** main's benchmark job: a short form of the same load (and the round size of `llm-bench ab --short`). */
  readonly shortRequests: number;
  /** `llm-bench ab`: requests per target in each interleaved round, enough for the round's own p95. */
  readonly roundRequests: number;
  readonly warmup: number;
}

export interface Scenario {
  readonly description: string;
  readonly backend: ScenarioBackend;
  readonly load: ScenarioLoad;
  /** Percent; FAIL on a p50 regression past it (a scenario whose p95 is queueing noise). */
  readonly failP50Pct?: number;
  /**
   * Whether the gateway's own time (Server-Timing gateway;dur) is gated or only reported: under the llm scenario's
   * 100 ms TTFT a sub-millisecond gateway time is noise next to what users feel, and gating it would only add alarms.
   */
  readonly gatesGatewayTime: boolean;
}

export const scenarioNames = ['overhead', 'llm'] as const;
export type ScenarioName = typeof scenarioNames[number];

export const scenarios: Record<ScenarioName, Scenario> = {
  overhead: {
    description: 'The gateway\'s own cost: zero-latency backends, non-streaming, a closed loop that keeps the gateway busy',
    backend: { count: 2, env: { MOCK_TTFT_MS: '0', MOCK_ITL_MS: '0', MOCK_MIN_OUTPUT_TOKENS: '16', MOCK_MAX_OUTPUT_TOKENS: '16' } },
    load: { api: 'chat', stream: false, concurrency: 16, requests: 60_000, shortRequests: 100, roundRequests: 4000, warmup: 2000 },
    failP50Pct: 20,
    gatesGatewayTime: true,
  },
  llm: {
    description: 'What LLM users feel: streaming chat against backends with a realistic time-to-first-token and inter-token model',
    backend: {
      count: 2,
      env: {
        MOCK_TTFT_MS: '100',
        MOCK_TTFT_JITTER_MS: '20',
        MOCK_ITL_MS: '10',
        MOCK_ITL_JITTER_MS: '3',
        MOCK_MIN_OUTPUT_TOKENS: '16',
        MOCK_MAX_OUTPUT_TOKENS: '48',
      },
    },
    load: { api: 'chat', stream: true, concurrency: 16, requests: 500, shortRequests: 100, roundRequests: 100, warmup: 20 },
    gatesGatewayTime: false,
  },
};

export function isScenarioName(name: string): name is ScenarioName {
  return (scenarioNames as readonly string[]).includes(name);
}

/** The scenario a result or history entry names (`overhead`, or `overhead:short` for its short form), if it is one of ours. */
export function knownScenario(scenario: string | null): Scenario | undefined {
  const name = scenario?.split(':')[0] ?? '';
  return isScenarioName(name) ? scenarios[name] : undefined;
}
