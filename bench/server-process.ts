import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/**
 * Starts a compiled server (`entry`, e.g. lib/gateway/cli.js) on a free
 * loopback port and resolves with the URL it prints once listening.
 */
export async function startServerProcess(
  entry: string, env: Record<string, string>, readyLine: RegExp, options: { cwd: string; nodeArgs?: readonly string[] },
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...options.nodeArgs ?? [], entry], {
    cwd: options.cwd, env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.setEncoding('utf8');
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (text: string): void => {
      seen += text;
      const match = readyLine.exec(seen);
      if (match === null) return;
      child.stdout!.off('data', onData);
      // Keep draining (and dropping) the access log so the child never blocks on a full pipe.
      child.stdout!.resume();
      resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before listening`)));
  });
  return { child, url };
}

export async function stopServerProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
}
