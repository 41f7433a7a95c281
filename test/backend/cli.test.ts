import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { startBackend } from '../../src/backend/index.js';
import { chatBody } from '../support/raw-http.js';
import { runTsScript } from '../support/run-node.js';

const cli = new URL('../../src/backend/cli.ts', import.meta.url).pathname;
const runCli = (args: string[], env: Record<string, string> = {}) => runTsScript(cli, args, env);

describe('llm-backend CLI', () => {
  it('--help lists every flag with its environment variable', async () => {
    const result = await runCli(['--help']);
    expect(result.code).to.equal(0);
    for (const text of ['--port', 'PORT', '--host', 'HOST', '--ttft-ms', 'MOCK_TTFT_MS', '--fault-rate', 'MOCK_FAULT_KINDS', '--shutdown-grace-ms']) {
      expect(result.stdout).to.include(text);
    }
  });

  it('rejects bad settings with one line and exit code 2', async () => {
    const result = await runCli([], { PORT: 'x', MOCK_FAULT_KINDS: 'meteor' });
    expect(result.code).to.equal(2);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.include("PORT='x' is invalid").and.to.include("MOCK_FAULT_KINDS='meteor' is invalid");
  });

  it('reports a taken port as one line and exit code 2', async () => {
    const taken = await startBackend();
    try {
      const result = await runCli(['--port', String(taken.port), '--host', '127.0.0.1']);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(`llm-backend: cannot listen on 127.0.0.1:${taken.port}: EADDRINUSE\n`);
    } finally {
      await taken.close();
    }
  });

  it('on SIGTERM drains: refuses new connections, finishes the stream in flight, exits 0', async () => {
    // GIVEN a backend process streaming a 10-token answer
    const child = spawn(process.execPath, ['--import', 'tsx', cli], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MOCK_TTFT_MS: '0', MOCK_ITL_MS: '30', SHUTDOWN_GRACE_MS: '5000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    child.stdout.setEncoding('utf8');
    let stdout = '';
    const waiters: Array<() => void> = [];
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      waiters.splice(0).forEach((wake) => wake());
    });
    const printed = async (text: string) => {
      while (!stdout.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    try {
      await drainWhileStreaming();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    async function drainWhileStreaming(): Promise<void> {
      await printed('serving');
      const url = /on (http:\/\/\S+)/.exec(stdout)![1]!;
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chatBody({ stream: true, max_tokens: 10, ignore_eos: true })),
      });
      const reader = response.body!.getReader();
      let body = new TextDecoder().decode((await reader.read()).value);

      // WHEN it receives SIGTERM mid-stream
      child.kill('SIGTERM');
      await printed('draining');

      // THEN new connections are refused, the stream still ends with [DONE], and the process exits 0
      const refused = await fetch(`${url}/healthz`).then(() => undefined, (error: unknown) => error);
      expect(refused).to.be.instanceOf(Error);
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value);
      expect(body.match(/"content"/g)).to.have.length(10);
      expect(body.endsWith('data: [DONE]\n\n')).to.equal(true);
      const [code] = await exited;
      expect(code).to.equal(0);
      expect(stdout).to.include('stopped');
    }
  });
});
