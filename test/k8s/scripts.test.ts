import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const whereIs = (tool: string): string => execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
const bash = whereIs('bash');

interface ScriptRun { code: number; stderr: string }

async function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ScriptRun> {
  try {
    const { stderr } = await run(bash, [resolve(root, 'scripts', 'k8s', script), ...args], { env });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('scripts/k8s', () => {
  // A PATH with the few tools the scripts need before they look for kubectl, and no kubectl.
  const bin = mkdtempSync(join(tmpdir(), 'k8s-scripts-'));
  for (const tool of ['dirname', 'sed', 'seq']) {
    symlinkSync(whereIs(tool), join(bin, tool));
  }
  after(() => rmSync(bin, { recursive: true, force: true }));

  it('deploy: prints its options on --help and exits 2 naming an unknown argument', async () => {
    const help = await runScript('deploy.sh', ['--help']);
    expect(help.code).to.equal(0);
    expect(help.stderr).to.contain('--gateway-image REF').and.contain('Exit codes');
    const bad = await runScript('deploy.sh', ['--env', 'staging', '--replicas', '3']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr.split('\n')[0]).to.equal("k8s-deploy: unknown argument '--replicas'");
  });

  it('deploy and smoke: exit 3 with one line when kubectl is missing', async () => {
    const env = { PATH: bin };
    const deploy = await runScript('deploy.sh', ['--env', 'staging'], env);
    expect(deploy).to.deep.equal({ code: 3, stderr: 'k8s-deploy: kubectl is not installed\n' });
    const smoke = await runScript('smoke.sh', ['--namespace', 'llm-staging'], env);
    expect(smoke).to.deep.equal({ code: 3, stderr: 'k8s-smoke: kubectl is not installed\n' });
  });

  it('smoke: exits 2 without a namespace or with a scale that is not a number', async () => {
    const missing = await runScript('smoke.sh', []);
    expect(missing.code).to.equal(2);
    expect(missing.stderr.split('\n')[0]).to.equal('k8s-smoke: --namespace is required');
    const bad = await runScript('smoke.sh', ['--namespace', 'llm-staging', '--scale-backends', 'four']);
    expect(bad).to.deep.equal({ code: 2, stderr: "k8s-smoke: 'four' is not a whole number\n" });
  });
});
