import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerSpec } from './server-process.js';

export interface BenchServer {
  readonly url: string;
  stop(): Promise<void>;
}

// The same extension as this file: .ts under tsx, .js once compiled to lib/.
const script = fileURLToPath(new URL(`./server-process${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** Starts a benchmark server in a child process and waits for its URL. */
export async function forkBenchServer(spec: ServerSpec): Promise<BenchServer> {
  const child: ChildProcess = fork(script, [JSON.stringify(spec)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const [message] = await Promise.race([
    once(child, 'message') as Promise<[{ url: string }]>,
    exited.then(([code]) => {
      throw new Error(`benchmark server exited with code ${String(code)} before listening`);
    }),
  ]);
  return {
    url: message.url,
    stop: async () => {
      if (child.exitCode === null) {
        child.disconnect();
        await exited;
      }
    },
  };
}
