import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript entry file in a fresh node (through tsx) and collects its exit code and output. */
export async function runTsScript(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<ScriptResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as ScriptResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
