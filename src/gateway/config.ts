import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import {
  backlogOption, booleanOption, bytesOption, choiceOption, formatHelp, integerOption, msOption, parseConfig, portOption, stringListOption,
  stringOption,
  urlListOption, UsageError,
  type ConfigOf, type ConfigSources, type OptionBase, type OptionSpec,
} from '../config/index.js';

/** A DNS server is an IP address with an optional port: `10.96.0.10`, `127.0.0.1:5353`, `[::1]:53`. */
function isDnsServer(value: string): boolean {
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(value) ?? /^([0-9a-f:]+)$/i.exec(value);
  if (match === null) return false;
  const [, bracketed, plain, port] = match;
  const host = bracketed ?? plain ?? value;
  return isIP(host) !== 0 && (port === undefined || Number(port) <= 65535);
}

function dnsServerListOption(options: OptionBase): OptionSpec<string[]> {
  const list = stringListOption({ ...options, default: [] });
  return {
    ...list,
    allowed: 'comma-separated IP addresses, each with an optional :port',
    parse: (raw) => {
      const servers = list.parse(raw);
      return servers?.every(isDnsServer) === true ? servers : undefined;
    },
  };
}

export const gatewaySchema = {
  port: portOption({ flag: 'port', short: 'p', env: 'PORT', description: 'Port to listen on (0 picks a free one)', default: 8000 }),
  host: stringOption({ flag: 'host', env: 'HOST', description: 'Address to listen on', default: '0.0.0.0' }),
  backendUrls: urlListOption({
    flag: 'backend-urls',
    env: 'BACKEND_URLS',
    description: 'Comma-separated base URLs of OpenAI-compatible backends; none starts an embedded mock backend',
  }),
  totalTimeoutMs: msOption('timeout-ms', 'GATEWAY_TIMEOUT_MS', 'Deadline of a whole request, every try and backoff included', 300_000, 1),
  ttftTimeoutMs: msOption('ttft-timeout-ms', 'GATEWAY_TTFT_TIMEOUT_MS', 'Deadline for the first response byte, from the request start', 60_000, 1),
  idleTimeoutMs: msOption('idle-timeout-ms', 'GATEWAY_IDLE_TIMEOUT_MS', 'Longest silence allowed between two chunks of a response', 30_000, 1),
  retries: integerOption({
    flag: 'retries', env: 'GATEWAY_RETRIES', description: 'Extra tries on another backend before giving up', default: 2, min: 0, max: 10,
  }),
  backoffBaseMs: msOption('backoff-base-ms', 'GATEWAY_BACKOFF_BASE_MS', 'First retry backoff cap (full jitter, doubling per retry)', 25, 0),
  backoffMaxMs: msOption('backoff-max-ms', 'GATEWAY_BACKOFF_MAX_MS', 'Largest backoff, retry-after included', 2_000, 0),
  breakerThreshold: integerOption({
    flag: 'breaker-threshold',
    env: 'GATEWAY_BREAKER_THRESHOLD',
    description: 'Consecutive failures that open a backend\'s circuit breaker',
    default: 3,
    min: 1,
    max: 1000,
  }),
  breakerCooldownMs: msOption('breaker-cooldown-ms', 'GATEWAY_BREAKER_COOLDOWN_MS', 'How long an open breaker skips its backend before one probe', 5_000, 1),
  probeIntervalMs: msOption('probe-interval-ms', 'GATEWAY_PROBE_INTERVAL_MS', 'Interval of the active health probe of each backend (0 disables it)', 2_000, 0),
  probeTimeoutMs: msOption(
    'probe-timeout-ms', 'GATEWAY_PROBE_TIMEOUT_MS',
    'Timeout of one health probe (health path and model list); a probe with no answer while requests wait on the backend '
    + 'opens its breaker at once', 1_000, 1,
  ),
  probePath: stringOption({ flag: 'probe-path', env: 'GATEWAY_PROBE_PATH', description: 'Health path probed on each backend', default: '/health' }),
  discoveryIntervalMs: msOption(
    'discovery-interval-ms',
    'GATEWAY_DISCOVERY_INTERVAL_MS',
    'DNS discovery: how often each http:// backend host name is resolved again, every address it resolves to being a '
    + 'backend of its own (a Kubernetes headless Service); 0 turns discovery off and connects to the names as given',
    0,
    0,
  ),
  dnsServers: dnsServerListOption({
    flag: 'dns-servers',
    env: 'GATEWAY_DNS_SERVERS',
    description: 'Comma-separated DNS servers (IP or IP:port) that discovery asks directly, with fully qualified names; '
      + 'none: the system resolver (/etc/hosts, search domains)',
  }),
  apiKeys: stringListOption({
    flag: 'api-keys',
    env: 'GATEWAY_API_KEYS',
    secret: true,
    default: [],
    description: 'Comma-separated API keys clients must send as Authorization: Bearer (none: no auth)',
  }),
  apiKeysFile: stringOption({
    flag: 'api-keys-file',
    env: 'GATEWAY_API_KEYS_FILE',
    default: undefined,
    description: 'File with one API key per line (# comments), added to --api-keys',
  }),
  backendApiKey: stringOption({
    flag: 'backend-api-key',
    env: 'BACKEND_API_KEY',
    secret: true,
    default: undefined,
    description: 'Bearer token sent to the backends (the client\'s Authorization is never forwarded)',
  }),
  bodyLimitBytes: bytesOption('body-limit-bytes', 'GATEWAY_BODY_LIMIT_BYTES', 'Largest request body accepted (413 above)', 4 * 1024 * 1024),
  gracePeriodMs: msOption('grace-period-ms', 'GATEWAY_GRACE_PERIOD_MS', 'How long in-flight requests may finish after SIGTERM', 10_000, 0),
  logLevel: choiceOption({
    flag: 'log-level',
    env: 'LOG_LEVEL',
    description: 'Least severe log level written (one JSON line per request at info)',
    choices: ['debug', 'info', 'warn', 'error', 'silent'] as const,
    default: 'info',
  }),
  logFlushMs: msOption(
    'log-flush-ms', 'LOG_FLUSH_MS',
    'Longest time a log line waits to be written with the ones after it (one write per batch, at most 64 KB; lines still waiting '
    + 'are written when the process exits); 0 writes at the end of each event-loop turn',
    100, 0,
  ),
  connectTimeoutMs: msOption(
    'connect-timeout-ms', 'GATEWAY_CONNECT_TIMEOUT_MS',
    'Per try: longest wait for a backend connection to open; then the try fails and another backend is tried', 2_000, 1,
  ),
  upstreamHeaderTimeoutMs: msOption(
    'upstream-header-timeout-ms', 'GATEWAY_UPSTREAM_HEADER_TIMEOUT_MS',
    'Per try of a streaming request: longest wait for the backend\'s response headers (never more than the try\'s share of '
    + 'the first-byte deadline with the tries that may follow it); then the try fails over', 10_000, 1,
  ),
  upstreamAnswerTimeoutMs: msOption(
    'upstream-answer-timeout-ms', 'GATEWAY_UPSTREAM_ANSWER_TIMEOUT_MS',
    'Per try of a non-streaming request: longest wait for the backend\'s whole answer (its headers come only with it; '
    + 'never more than the try\'s share of the first-byte deadline with the tries that may follow it); then the try fails over',
    30_000, 1,
  ),
  uncheckedAnswers: booleanOption({
    flag: 'unchecked-answers',
    env: 'GATEWAY_UNCHECKED_ANSWERS',
    description: 'Relay non-streaming answers chunk by chunk as they arrive, unchecked; by default each 2xx answer is held '
      + 'until it is complete, valid JSON within --answer-limit-bytes, and a bad one fails over (502 when no try is left)',
    default: false,
  }),
  answerLimitBytes: bytesOption(
    'answer-limit-bytes', 'GATEWAY_ANSWER_LIMIT_BYTES',
    'Largest non-streaming 2xx answer accepted from a backend (a larger one is a failed try)', 8 * 1024 * 1024,
  ),
  jsonDepthLimit: integerOption({
    flag: 'json-depth-limit',
    env: 'GATEWAY_JSON_DEPTH_LIMIT',
    description: 'Deepest nesting of arrays and objects accepted in a request body (400 json_too_deep beyond)',
    default: 64,
    min: 1,
    max: 10_000,
  }),
  clientHeaderTimeoutMs: msOption(
    'client-header-timeout-ms', 'GATEWAY_CLIENT_HEADER_TIMEOUT_MS',
    'How long a client may take to send a request\'s headers before its connection is closed', 10_000, 1,
  ),
  clientBodyTimeoutMs: msOption(
    'client-body-timeout-ms', 'GATEWAY_CLIENT_BODY_TIMEOUT_MS',
    'How long a client may take to send a whole request, headers and body, before it gets 408', 30_000, 1,
  ),
  listenBacklog: backlogOption('GATEWAY_LISTEN_BACKLOG'),
};

export type GatewayOptions = ConfigOf<typeof gatewaySchema>;

/** The gateway's settings, API keys resolved to a list. */
export interface GatewayConfig extends Omit<GatewayOptions, 'apiKeys' | 'apiKeysFile'> {
  readonly apiKeys: readonly string[];
}

export const gatewayHelp = formatHelp({
  usage: 'llm-gateway [options]',
  summary: 'OpenAI-compatible gateway with failover, one deadline per request, stream integrity and cancellation.',
  schema: gatewaySchema,
});

function readKeyLines(text: string): string[] {
  return text.split(/\r?\n/).map((key) => key.trim()).filter((key) => key.length > 0 && !key.startsWith('#'));
}

/** Parses flags and environment; the keys file is not read (see {@link loadGatewayConfig}). */
export function parseGatewayConfig(sources: ConfigSources, fileKeys: readonly string[] = []): GatewayConfig {
  const { apiKeys, apiKeysFile: _file, ...options } = parseConfig(gatewaySchema, sources);
  return { ...options, apiKeys: [...apiKeys, ...fileKeys] };
}

/** Parses flags and environment and reads the API keys file, if one is named. */
export async function loadGatewayConfig(sources: ConfigSources): Promise<GatewayConfig> {
  const path = parseConfig(gatewaySchema, sources).apiKeysFile;
  if (path === undefined) return parseGatewayConfig(sources);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`GATEWAY_API_KEYS_FILE='${path}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const keys = readKeyLines(text);
  if (keys.length === 0) throw new UsageError(`GATEWAY_API_KEYS_FILE='${path}' holds no key`);
  return parseGatewayConfig(sources, keys);
}

/** Defaults with `overrides` on top, for in-process use (tests, embedding). */
export function gatewayConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return { ...parseGatewayConfig({ argv: [], env: {} }), ...overrides };
}
