import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { chatBody } from '../support/raw-http.js';
import { runTsScript, type ScriptResult } from '../support/run-node.js';

const cli = new URL('../../src/gateway/cli.ts', import.meta.url).pathname;
const runCli = (args: string[], env: Record<string, string> = {}): Promise<ScriptResult> => runTsScript(cli, args, env);

/** A gateway process and a way to wait for its JSON log lines. */
class GatewayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<unknown[]>;
  stdout = '';

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', cli], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env } });
    this.exited = once(this.child, 'exit');
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text: string) => {
      this.stdout += text;
    });
  }

  async logged(msg: string): Promise<Record<string, unknown>> {
    for (;;) {
      const line = this.stdout.split('\n').filter((part) => part.length > 0).map((part) => JSON.parse(part) as Record<string, unknown>)
        .find((entry) => entry.msg === msg);
      if (line !== undefined) return line;
      await once(this.child.stdout, 'data');
    }
  }
}

describe('llm-gateway CLI', () => {
  it('--help lists every flag with its environment variable', async () => {
    const result = await runCli(['--help']);
    expect(result.code).to.equal(0);
    for (const text of ['--port', 'PORT', 'BACKEND_URLS', 'GATEWAY_TIMEOUT_MS', 'GATEWAY_TTFT_TIMEOUT_MS', 'GATEWAY_API_KEYS', 'LOG_LEVEL']) {
      expect(result.stdout).to.include(text);
    }
  });

  it('rejects bad settings with one line and exit code 2, never echoing a key', async () => {
    const result = await runCli([], { PORT: 'x', BACKEND_URLS: 'ftp://nope', GATEWAY_API_KEYS_FILE: '/nonexistent/keys' });
    expect(result.code).to.equal(2);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.include("PORT='x' is invalid").and.include('BACKEND_URLS');
  });

  it('reports a taken port as one line and exit code 2', async () => {
    const taken = await startBackend();
    try {
      const result = await runCli([], { PORT: String(taken.port), HOST: '127.0.0.1', BACKEND_URLS: taken.url, GATEWAY_PROBE_INTERVAL_MS: '0' });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(`llm-gateway: cannot listen on 127.0.0.1:${taken.port}: EADDRINUSE\n`);
    } finally {
      await taken.close();
    }
  });

  it('serves from an embedded mock backend when no BACKEND_URLS is set', async () => {
    const gateway = new GatewayProcess({});
    try {
      const { url, embedded_backend: embedded } = await gateway.logged('listening');
      expect(embedded).to.equal(true);
      const response = await fetch(`${url as string}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody({ max_tokens: 2 })),
      });
      expect(response.status).to.equal(200);
      expect(((await response.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).to.equal(2);
    } finally {
      gateway.child.kill('SIGTERM');
      expect((await gateway.exited)[0]).to.equal(0);
    }
  });

  it('on SIGTERM drains: new connections refused, the stream in flight finishes, exit 0', async () => {
    // GIVEN a gateway process relaying a slow 10-token stream
    const backend = await startBackend({ ttftMs: 0, itlMs: 40 });
    const gateway = new GatewayProcess({ BACKEND_URLS: backend.url, GATEWAY_GRACE_PERIOD_MS: '5000' });
    try {
      const url = (await gateway.logged('listening')).url as string;
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody({ stream: true, max_tokens: 10, ignore_eos: true })),
      });
      const reader = response.body!.getReader();
      let body = new TextDecoder().decode((await reader.read()).value);
      // WHEN it receives SIGTERM mid-stream
      gateway.child.kill('SIGTERM');
      await gateway.logged('draining');
      // THEN new connections are refused, the stream still ends with [DONE], and the process exits 0
      const refused = await fetch(`${url}/healthz`).then(() => undefined, (error: unknown) => error);
      expect(refused).to.be.instanceOf(Error);
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value);
      expect(body.match(/"content"/g)).to.have.length(10);
      expect(body.endsWith('data: [DONE]\n\n')).to.equal(true);
      expect((await gateway.exited)[0]).to.equal(0);
      expect(await gateway.logged('stopped')).to.include({ level: 'info' });
    } finally {
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
      await backend.close(0);
    }
  });
});
