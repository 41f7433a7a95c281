/**
 * Runs a command the docs show, as a user would type it, against servers of
 * the test (loopback, ephemeral ports). The only rewrites are the ones a
 * sandbox needs; each says why.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CommandContext {
  readonly root: string;
  /** Where commands that read or write bench/ files run (bench/prompts.jsonl is copied there, node_modules linked). */
  readonly scratch: string;
  readonly backendHost: string;
  readonly gatewayHost: string;
  readonly env: Record<string, string>;
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const bins: Record<string, string> = { 'llm-bench': 'src/bench/cli.ts', 'llm-backend': 'src/backend/cli.ts', 'llm-gateway': 'src/gateway/cli.ts' };

/** The command as it runs here. */
export function sandboxCommand(command: string, context: CommandContext): string {
  return command
    // npm ci is what CI runs before this suite; npx projen compile would rewrite lib/ under other tests' feet.
    .replace(/^npm ci && /, '')
    .replace(/^npx projen compile && /, '')
    // The bins from source: the same code as lib/ without a compile step.
    .replace(/\bnpm run llm-bench --/g, 'npx llm-bench')
    .replace(/\bnpx (llm-bench|llm-backend|llm-gateway)\b/g, (_, bin: string) => `node --import tsx ${context.root}/${bins[bin]}`)
    // The documented ports are the test's servers on ephemeral ports; a server the command starts gets port 0.
    .replace(/\b(?:localhost|127\.0\.0\.1):8001\b/g, context.backendHost)
    .replace(/\b(?:localhost|127\.0\.0\.1):8000\b/g, context.gatewayHost)
    .replace(/\bPORT=\d+/g, 'PORT=0')
    .replace(/--port \d+/g, '--port 0')
    // Open-loop examples run for seconds, not half a minute.
    .replace(/--duration \d+/g, '--duration 1')
    .replace(/\s*&$/, '');
}

/** npm scripts need the repository; everything else runs where bench/ files may be written. */
function cwdOf(command: string, context: CommandContext): string {
  return /\bnpm (run|start)\b/.test(sandboxCommand(command, context)) ? context.root : context.scratch;
}

export async function runCommand(command: string, context: CommandContext): Promise<CommandResult> {
  const child = spawn('bash', ['-c', sandboxCommand(command, context)], { cwd: cwdOf(command, context), env: context.env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const [code] = await once(child, 'close') as [number | null];
  return { code, stdout, stderr };
}

/** A loopback port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls /readyz until it answers 200; a server started with LOG_LEVEL=warn prints nothing to wait for. */
async function waitUntilReady(url: string, exited: Promise<unknown>, timeoutMs: number): Promise<number> {
  let gone = false;
  void exited.then(() => { gone = true; });
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  while (!gone && Date.now() < deadline) {
    status = await fetch(`${url}/readyz`).then((response) => response.status, () => 0);
    if (status === 200) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return status;
}

/**
 * Starts a server command on a free loopback port (its documented port is
 * rewritten), waits until `/readyz` answers 200, then stops it with SIGTERM
 * (the whole process group: bash, npm, projen and node) and waits for it to exit.
 */
export async function runServerCommand(command: string, context: CommandContext): Promise<{ ready: number; output: string }> {
  const port = await freePort();
  const sandboxed = sandboxCommand(command, context).replace(/\bPORT=0\b/g, `PORT=${port}`).replace(/--port 0\b/g, `--port ${port}`);
  const child = spawn('bash', ['-c', sandboxed], {
    cwd: cwdOf(command, context), env: { ...context.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const exited = once(child, 'exit');
  try {
    return { ready: await waitUntilReady(`http://127.0.0.1:${port}`, exited, 30_000), output };
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}
