import { z } from 'zod';
import { backendSchema } from '../../src/backend/config.js';
import { scenarioNames, type ScenarioName, type ScenarioSettings } from '../../src/bench/scenario/scenarios.js';

/** Each scenario's backends and load as the nightly, main's benchmark and bench:gate have measured them. */
export const defaultScenarioSettings: Record<ScenarioName, ScenarioSettings> = {
  overhead: {
    backend: { count: 2, env: { MOCK_TTFT_MS: '0', MOCK_ITL_MS: '0', MOCK_MIN_OUTPUT_TOKENS: '16', MOCK_MAX_OUTPUT_TOKENS: '16' } },
    load: { concurrency: 16, rate: 3000, requests: 60_000, shortRequests: 100, roundRequests: 4000, warmup: 2000 },
  },
  llm: {
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
    load: { concurrency: 16, requests: 500, shortRequests: 100, roundRequests: 100, warmup: 20 },
  },
};

const backendVariables = new Map(Object.values(backendSchema).flatMap((spec) => (spec.env === undefined ? [] : [[spec.env, spec] as const])));

/** One of llm-backend's environment variables, with a value its parser accepts (docs/backend.md lists them). */
const backendEnvSchema = z.record(z.string(), z.string()).superRefine((env, context) => {
  for (const [name, value] of Object.entries(env)) {
    const spec = backendVariables.get(name);
    if (spec === undefined) {
      context.addIssue({ code: 'custom', path: [name], message: 'is not an environment variable of llm-backend (docs/backend.md lists them)' });
    } else if (spec.parse(value) === undefined) {
      context.addIssue({ code: 'custom', path: [name], message: `'${value}' is invalid: expected ${spec.allowed}` });
    }
  }
});

const count = (min: number) => z.int({ error: 'must be an integer' }).min(min, { error: `must be at least ${min}` });

/**
 * A scenario's settings over its defaults: what is given replaces the
 * default, except the latency model, whose variables are merged into the
 * default's (set `MOCK_TTFT_MS` alone and the jitter stays).
 */
function scenarioSchema(defaults: ScenarioSettings) {
  return z.strictObject({
    backend: z.strictObject({
      count: count(1).default(defaults.backend.count),
      env: backendEnvSchema.default({}).transform((env) => ({ ...defaults.backend.env, ...env })),
    }).prefault({}),
    load: z.strictObject({
      concurrency: count(1).default(defaults.load.concurrency),
      rate: z.number().positive({ error: 'must be above 0' }).optional(),
      requests: count(1).default(defaults.load.requests),
      shortRequests: count(1).default(defaults.load.shortRequests),
      roundRequests: count(1).default(defaults.load.roundRequests),
      warmup: count(0).default(defaults.load.warmup),
    }).prefault({}).transform((load): ScenarioSettings['load'] => ({ ...load, rate: load.rate ?? defaults.load.rate })),
  }).prefault({});
}

const scenariosShape = Object.fromEntries(scenarioNames.map((name) => [name, scenarioSchema(defaultScenarioSettings[name])])) as {
  [K in ScenarioName]: ReturnType<typeof scenarioSchema>;
};

export const scenarioSettingsSchema = z.strictObject(scenariosShape).prefault({});
