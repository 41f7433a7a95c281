import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
}

const root = new URL('../', import.meta.url).pathname;

export interface ChildServerOptions {
  /** Where `entry` is resolved (default: the checkout); bench:gate runs a snapshot of lib/ from elsewhere. */
  readonly cwd?: string;
  readonly nodeArgs?: readonly string[];
}

/**
 * Runs a compiled server entry (`lib/...`, or a bench/ script through tsx) as a child process on a free loopback
 * port; resolves once `readyLine` names its URL.
 */
export async function startChildServer(
  entry: string, env: Record<string, string>, readyLine: RegExp, options: ChildServerOptions = {},
): Promise<ChildServer> {
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, ...options.nodeArgs ?? [], entry], {
    cwd: options.cwd ?? root, env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.setEncoding('utf8');
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (text: string): void => {
      seen += text;
      const match = readyLine.exec(seen);
      if (match === null) return;
      child.stdout!.off('data', onData);
      // From here a `cat` of its own drains (and drops) the access log, as a container runtime reads it: draining
      // it here would put every log line on this process's event loop, which is often the load client being timed.
      spawn('cat', [], { stdio: [child.stdout!, 'ignore', 'inherit'] });
      child.stdout!.destroy();
      resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before listening`)));
  });
  return { child, url };
}

export async function stopChildServers(servers: readonly ChildServer[]): Promise<void> {
  for (const server of servers) {
    if (server.child.exitCode !== null) continue;
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
}

/** User + system CPU time of a process so far, in µs (Linux /proc, clock ticks of 10 ms). */
export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

export const backendReadyLine = /on (http:\/\/\S+)/;
const bareProxyReadyLine = /listening on (http:\/\/\S+)/;
export const gatewayReadyLine = /"url":"(http:\/\/[^"]+)"/;

/**
 * The Node options the gateway's image runs it with (`ENV NODE_OPTIONS=` in Dockerfile.gateway, read from there once
 * so the two cannot drift): `npm run bench:gateway` measures the gateway as it is deployed.
 */
export const gatewayImageNodeArgs: readonly string[] = (/^ENV NODE_OPTIONS=(.+)$/m.exec(readFileSync(`${root}Dockerfile.gateway`, 'utf8'))?.[1] ?? '')
  .trim().split(/\s+/).filter((flag) => flag.length > 0);

/** The compiled gateway in front of `backendUrl`, logging as deployed, under its image's Node options. */
export function startImageGateway(backendUrl: string): Promise<ChildServer> {
  return startChildServer('lib/gateway/cli.js', { BACKEND_URLS: backendUrl, LOG_LEVEL: 'info' }, gatewayReadyLine, { nodeArgs: gatewayImageNodeArgs });
}

/** The bare node:http proxy (bench/bare-proxy.ts) in front of `upstreamUrl`, under the gateway image's Node options too. */
export function startBareProxy(upstreamUrl: string): Promise<ChildServer> {
  return startChildServer('bench/bare-proxy.ts', { UPSTREAM_URL: upstreamUrl }, bareProxyReadyLine, { nodeArgs: gatewayImageNodeArgs });
}
