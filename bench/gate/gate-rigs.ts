/**
 * The rigs `npm run bench:gate` measures: per scenario, the compiled gateway (a snapshot of lib/) in front of the
 * compiled mocks, as processes, as the nightly does with containers; a twin of it (the A/A partner of llm-bench
 * ab); and the same build with a known injected change that does not edit the gateway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarios, type ScenarioName } from '../../src/bench/scenario/scenarios.js';
import { backendReadyLine, gatewayReadyLine, startChildServer, stopChildServers, type ChildServer } from '../child-server.js';

export interface InjectedChange {
  /** overhead: CPU the changed gateway burns per request, in µs. */
  readonly burnUs: number;
  /** llm: how much longer the changed gateway's mocks take to the first token, in percent. */
  readonly ttftPct: number;
}

export interface Target {
  readonly gateway: ChildServer;
  readonly backends: ChildServer[];
}

export interface Rig {
  readonly name: ScenarioName;
  readonly same: Target;
  /** Another process of the same build with its own mocks; undefined when no A/B section runs. */
  readonly twin: Target | undefined;
  readonly changed: Target;
}

const root = new URL('../../', import.meta.url).pathname;

/** Busy-waits `BURN_US` of CPU in the 'request' event of every HTTP server of the process, before the server sees it. */
const burnPreload = `
import http from 'node:http';
const burnNs = BigInt(Number(process.env.BURN_US) * 1000);
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const end = process.hrtime.bigint() + burnNs;
    while (process.hrtime.bigint() < end);
  }
  return emit.call(this, event, ...args);
};
`;

/**
 * A snapshot of the compiled build with the CPU-burning preload beside it, so rebuilding lib/ during the measurement
 * cannot change what is measured. Under node_modules/ so the snapshot still resolves the project's packages.
 */
export function snapshotBuild(): string {
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const lib = mkdtempSync(join(root, 'node_modules/.cache/bench-gate-'));
  cpSync(join(root, 'lib'), lib, { recursive: true });
  writeFileSync(join(lib, 'burn-cpu.mjs'), burnPreload);
  return lib;
}

function scaled(env: Readonly<Record<string, string>>, keys: readonly string[], factor: number): Record<string, string> {
  const scale = (key: string, value: string) => (keys.includes(key) ? String(Math.round(Number(value) * factor)) : value);
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, scale(key, value)]));
}

async function startTarget(
  lib: string, backendEnv: Record<string, string>, count: number, nodeArgs: string[], extraEnv: Record<string, string>,
): Promise<Target> {
  const backends: ChildServer[] = [];
  for (let index = 0; index < count; index++) {
    backends.push(await startChildServer(join(lib, 'backend/cli.js'), backendEnv, backendReadyLine, { cwd: root }));
  }
  const gateway = await startChildServer(
    join(lib, 'gateway/cli.js'),
    { BACKEND_URLS: backends.map((backend) => backend.url).join(','), ...extraEnv },
    gatewayReadyLine,
    { cwd: root, nodeArgs },
  );
  return { gateway, backends };
}

export async function startRig(name: ScenarioName, lib: string, change: InjectedChange, withTwin: boolean): Promise<Rig> {
  const { backend } = scenarios[name];
  const same = await startTarget(lib, backend.env, backend.count, [], {});
  const twin = withTwin ? await startTarget(lib, backend.env, backend.count, [], {}) : undefined;
  const changed = name === 'overhead'
    ? await startTarget(lib, backend.env, backend.count, ['--import', join(lib, 'burn-cpu.mjs')], { BURN_US: String(change.burnUs) })
    : await startTarget(lib, scaled(backend.env, ['MOCK_TTFT_MS', 'MOCK_TTFT_JITTER_MS'], 1 + change.ttftPct / 100), backend.count, [], {});
  return { name, same, twin, changed };
}

export async function stopRig(rig: Rig): Promise<void> {
  const targets = [rig.same, rig.changed, ...rig.twin === undefined ? [] : [rig.twin]];
  await stopChildServers(targets.flatMap((target) => [target.gateway, ...target.backends]));
}

export function describeChange(name: ScenarioName, change: InjectedChange): string {
  return name === 'overhead' ? `gateway burns +${change.burnUs} µs CPU/request` : `mock TTFT +${change.ttftPct}%`;
}

/** Another process keeping one core busy. */
export function startCoreBurner(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

/** `3/40 (7.5%)`. */
export function formatRate(hits: number, total: number): string {
  return `${hits}/${total} (${(100 * hits / Math.max(total, 1)).toFixed(1)}%)`;
}

/** `p95_latency 3, p50_latency 1`, or `none`. */
export function countFailingMetrics(failing: readonly (readonly string[])[]): string {
  const counts: Record<string, number> = {};
  for (const metrics of failing) for (const metric of metrics) counts[metric] = (counts[metric] ?? 0) + 1;
  return Object.entries(counts).map(([metric, count]) => `${metric} ${count}`).join(', ') || 'none';
}
