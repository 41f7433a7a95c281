import { execFile } from 'node:child_process';
import { cpus, platform, release } from 'node:os';
import { promisify } from 'node:util';
import type { RunEnvironment } from '../result/result-schema.js';

export type { RunEnvironment } from '../result/result-schema.js';

async function readGitCommit(): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { timeout: 5000 });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

/** Where and when a run happened, so a result can be traced to a build and a machine. */
export async function describeEnvironment(now: Date = new Date()): Promise<RunEnvironment> {
  const cores = cpus();
  return {
    timestamp: now.toISOString(),
    git_commit: await readGitCommit(),
    node_version: process.version,
    platform: `${platform()} ${release()}`,
    cpu_model: cores[0]?.model.trim() ?? 'unknown',
    cpu_count: cores.length,
  };
}
