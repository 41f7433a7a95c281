import { faultKinds } from './faults.js';
import {
  backlogOption, choiceListOption, integerOption, msOption, numberOption, parseConfig, portOption, stringListOption, stringOption, UsageError,
  type ConfigOf, type ConfigSources,
} from '../config/index.js';

/** Every setting of the mock backend: one flag and one environment variable each. */
export const backendSchema = {
  port: portOption({ flag: 'port', env: 'PORT', description: 'Port to listen on (0: any free port)', default: 8001 }),
  host: stringOption({ flag: 'host', env: 'HOST', description: 'Address to listen on', default: '0.0.0.0' }),
  models: stringListOption({ flag: 'models', env: 'MOCK_MODELS', description: 'Model ids served', default: ['mock-llm-v1'] }),
  ttftMs: msOption('ttft-ms', 'MOCK_TTFT_MS', 'Time to first token', 50, 0),
  itlMs: msOption('itl-ms', 'MOCK_ITL_MS', 'Inter-token latency', 10, 0),
  ttftJitterMs: msOption('ttft-jitter-ms', 'MOCK_TTFT_JITTER_MS', 'Uniform +/- jitter on the time to first token, seeded per request', 0, 0),
  itlJitterMs: msOption('itl-jitter-ms', 'MOCK_ITL_JITTER_MS', 'Uniform +/- jitter on each inter-token gap, seeded per request', 0, 0),
  prefillMsPerToken: numberOption({
    flag: 'prefill-ms-per-token',
    env: 'MOCK_PREFILL_MS_PER_TOKEN',
    description: 'Extra time to first token per prompt token',
    default: 0,
    min: 0,
    max: 1000,
  }),
  minOutputTokens: integerOption({
    flag: 'min-output-tokens', env: 'MOCK_MIN_OUTPUT_TOKENS', description: 'Shortest natural answer in tokens', default: 16, min: 1,
  }),
  maxOutputTokens: integerOption({
    flag: 'max-output-tokens', env: 'MOCK_MAX_OUTPUT_TOKENS', description: 'Longest natural answer in tokens', default: 64, min: 1,
  }),
  maxModelLen: integerOption({
    flag: 'max-model-len',
    env: 'MOCK_MAX_MODEL_LEN',
    description: 'Context length: prompt plus max_tokens may not exceed it',
    default: 32768,
    min: 2,
  }),
  faultRate: numberOption({
    flag: 'fault-rate',
    env: 'MOCK_FAULT_RATE',
    description: 'Share of requests given a random fault from --fault-kinds',
    default: 0,
    min: 0,
    max: 1,
  }),
  faultKinds: choiceListOption({
    flag: 'fault-kinds', env: 'MOCK_FAULT_KINDS', description: 'Faults drawn by --fault-rate', choices: faultKinds, default: faultKinds,
  }),
  faultSeed: integerOption({ flag: 'fault-seed', env: 'MOCK_FAULT_SEED', description: 'Seed of the fault draws', default: 1, min: 0 }),
  stallMs: msOption('stall-ms', 'MOCK_STALL_MS', 'How long the stall fault sends nothing after the headers', 5000, 0),
  faultAfterTokens: integerOption({
    flag: 'fault-after-tokens',
    env: 'MOCK_FAULT_AFTER_TOKENS',
    description: 'Tokens sent before cut, malformed and error-frame strike',
    default: 2,
    min: 0,
  }),
  retryAfterSeconds: integerOption({
    flag: 'retry-after-s', env: 'MOCK_RETRY_AFTER_S', description: 'retry-after of the http-429 and http-503 faults', default: 1, min: 0,
  }),
  maxBodyBytes: integerOption({
    flag: 'max-body-bytes', env: 'MAX_BODY_BYTES', description: 'Largest request body accepted (413 beyond)', default: 1_048_576, min: 1,
  }),
  shutdownGraceMs: msOption('shutdown-grace-ms', 'SHUTDOWN_GRACE_MS', 'On SIGTERM/SIGINT, how long in-flight requests may finish', 10_000, 0),
  maxJsonDepth: integerOption({
    flag: 'max-json-depth',
    env: 'MAX_JSON_DEPTH',
    description: 'Deepest nesting of arrays and objects accepted in a request body (400 json_too_deep beyond)',
    default: 64,
    min: 1,
    max: 10_000,
  }),
  clientHeaderTimeoutMs: msOption(
    'client-header-timeout-ms', 'CLIENT_HEADER_TIMEOUT_MS',
    'How long a client may take to send a request\'s headers before its connection is closed', 10_000, 1,
  ),
  clientBodyTimeoutMs: msOption(
    'client-body-timeout-ms', 'CLIENT_BODY_TIMEOUT_MS',
    'How long a client may take to send a whole request, headers and body, before it gets 408', 30_000, 1,
  ),
  listenBacklog: backlogOption('LISTEN_BACKLOG'),
};

export type BackendConfig = ConfigOf<typeof backendSchema>;

function schemaDefaults(): BackendConfig {
  return Object.fromEntries(Object.entries(backendSchema).map(([key, spec]) => [key, spec.defaultValue])) as BackendConfig;
}

function checkConsistency(config: BackendConfig): BackendConfig {
  if (config.minOutputTokens > config.maxOutputTokens) {
    throw new UsageError(
      `MOCK_MIN_OUTPUT_TOKENS (${config.minOutputTokens}) must not exceed MOCK_MAX_OUTPUT_TOKENS (${config.maxOutputTokens})`,
    );
  }
  return config;
}

/** Reads the backend's settings from flags and environment; throws UsageError naming every bad value. */
export function parseBackendConfig(sources: ConfigSources): BackendConfig {
  return checkConsistency(parseConfig(backendSchema, sources));
}

/** The defaults with `overrides` on top, for in-process use (tests, the gateway's embedded upstream). */
export function resolveBackendConfig(overrides: Partial<BackendConfig> = {}): BackendConfig {
  return checkConsistency({ ...schemaDefaults(), ...overrides });
}
