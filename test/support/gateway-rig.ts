import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { startBackend, type BackendOptions } from '../../src/backend/index.js';
import { gatewayConfig, startGateway, type GatewayConfig, type RunningGateway } from '../../src/gateway/index.js';

type RunningBackend = Awaited<ReturnType<typeof startBackend>>;

export interface GatewayRig {
  readonly backends: RunningBackend[];
  readonly gateway: RunningGateway;
  /** The official SDK pointed at the gateway, without its own retries. */
  readonly client: OpenAI;
  /** JSON log lines the gateway wrote. */
  readonly logs: Array<Record<string, unknown>>;
  /** Emits 'log' with each line as it is written. */
  readonly logEvents: EventEmitter;
  close(): Promise<void>;
}

export interface RigOptions {
  /** One mock backend per entry; fast by default (no latency). */
  readonly backends?: readonly BackendOptions[];
  /** Extra upstream URLs, e.g. a port nobody listens on. */
  readonly extraUrls?: readonly string[];
  readonly gateway?: Partial<GatewayConfig>;
  /** The gateway's own defaults, without the rig's shortcuts (no health probes, 1 ms backoff); `gateway` still applies. */
  readonly gatewayDefaults?: boolean;
  readonly apiKey?: string;
}

/** What the rig changes from the gateway's defaults to keep tests quick and quiet of background traffic. */
const testShortcuts: Partial<GatewayConfig> = { probeIntervalMs: 0, backoffBaseMs: 1, gracePeriodMs: 1000 };

/** Real mock backends on loopback, a real gateway in front of them, and an SDK client: the way users run it. */
export async function startRig(options: RigOptions = {}): Promise<GatewayRig> {
  const backends = await Promise.all((options.backends ?? [{}]).map((backend) => startBackend({ ttftMs: 0, itlMs: 0, ...backend })));
  const logs: Array<Record<string, unknown>> = [];
  const logEvents = new EventEmitter();
  const config: GatewayConfig = gatewayConfig({
    host: '127.0.0.1',
    port: 0,
    backendUrls: [...backends.map((backend) => backend.url), ...options.extraUrls ?? []],
    ...options.gatewayDefaults === true ? {} : testShortcuts,
    logLevel: 'debug',
    // Tests read each request's line as soon as its response is over.
    logFlushMs: 0,
    ...options.gateway,
  });
  const gateway = await startGateway(config, {
    writeLog: (text) => {
      for (const line of text.split('\n').filter((part) => part.length > 0)) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        logEvents.emit('log', entry);
      }
    },
  });
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: options.apiKey ?? 'unused', maxRetries: 0 });
  return {
    backends,
    gateway,
    client,
    logs,
    logEvents,
    async close() {
      await gateway.close(0);
      await Promise.all(backends.map((backend) => backend.close(0)));
    },
  };
}

/** The request log lines, newest last. */
export function requestLogs(rig: GatewayRig): Array<Record<string, unknown>> {
  return rig.logs.filter((line) => line.msg === 'request');
}

/** The first request log line (already written or still to come) that `matches`. */
export async function requestLog(
  rig: GatewayRig, matches: (line: Record<string, unknown>) => boolean = () => true,
): Promise<Record<string, unknown>> {
  const found = requestLogs(rig).find(matches);
  if (found !== undefined) return found;
  return new Promise((resolve) => {
    const onLog = (line: Record<string, unknown>): void => {
      if (line.msg !== 'request' || !matches(line)) return;
      rig.logEvents.off('log', onLog);
      resolve(line);
    };
    rig.logEvents.on('log', onLog);
  });
}

/** The URL of a loopback port nobody listens on (connections are refused). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

/** Resolves with the next request the backend receives whose response then closes before it finished. */
export function nextAbortedRequest(backend: RunningBackend): Promise<string> {
  return new Promise((resolve) => {
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      res.once('close', () => {
        if (res.writableFinished) return;
        backend.server.off('request', onRequest);
        resolve(req.url ?? '');
      });
    };
    backend.server.on('request', onRequest);
  });
}
