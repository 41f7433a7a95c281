import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

/**
 * A stand-in for kubectl (no cluster can be made here): it logs its
 * arguments, keeps a copy of what `apply -f` was given, and fails `rollout`
 * when FAKE_ROLLOUT_FAILS is set.
 */
const fakeKubectl = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_KUBECTL_LOG"
if [ "$1" = apply ]; then cp "$3" "$FAKE_KUBECTL_LOG.applied"; fi
if [ -n "\${FAKE_ROLLOUT_FAILS:-}" ] && [ "$3" = rollout ]; then exit 1; fi
exit 0
`;

async function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<ScriptRun> {
  try {
    const { stderr } = await run(bash, [resolve(root, 'scripts', 'k8s', script), ...args], { env });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('scripts/k8s', function () {
  // The deploy case renders through tsx in a fresh node: seconds on a loaded machine.
  this.timeout(30_000);
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

  it('deploy: applies the environment rendered with the images given, then waits for the backend and gateway rollouts', async () => {
    // GIVEN kubectl on the PATH
    const fakeBin = mkdtempSync(join(tmpdir(), 'k8s-fake-kubectl-'));
    writeFileSync(join(fakeBin, 'kubectl'), fakeKubectl);
    chmodSync(join(fakeBin, 'kubectl'), 0o755);
    const log = join(fakeBin, 'calls.log');
    const env = { ...process.env, PATH: `${fakeBin}:${process.env.PATH ?? ''}`, FAKE_KUBECTL_LOG: log };
    const digest = `@sha256:${'ab'.repeat(32)}`;
    try {
      // WHEN the deployment is asked for with two digests
      const deployed = await runScript('deploy.sh', [
        '--env', 'staging', '--gateway-image', `ghcr.io/o/llm-gateway${digest}`, '--backend-image', `ghcr.io/o/llm-backend${digest}`,
        '--timeout', '90s',
      ], env);
      // THEN one apply of those images, then the rollouts in order
      expect(deployed.code, deployed.stderr).to.equal(0);
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      expect(calls[0]).to.match(/^apply -f \S+manifests\.json$/);
      expect(calls.slice(1)).to.deep.equal([
        '--namespace llm-staging rollout status deployment/llm-backend --timeout 90s',
        '--namespace llm-staging rollout status deployment/llm-gateway --timeout 90s',
      ]);
      const applied = readFileSync(`${log}.applied`, 'utf8');
      expect(applied).to.contain(`"image": "ghcr.io/o/llm-gateway${digest}"`).and.contain(`"image": "ghcr.io/o/llm-backend${digest}"`);
      // AND a rollout that does not finish fails the deployment, naming it
      const failed = await runScript('deploy.sh', ['--env', 'staging'], { ...env, FAKE_ROLLOUT_FAILS: '1' });
      expect(failed.code).to.equal(1);
      expect(failed.stderr).to.contain('k8s-deploy: deployment/llm-backend did not roll out within 300s');
      // AND a moving image is refused before kubectl is called
      const callsBefore = readFileSync(log, 'utf8');
      const moving = await runScript('deploy.sh', ['--env', 'staging', '--gateway-image', 'ghcr.io/o/llm-gateway:main'], env);
      expect(moving.code).to.equal(2);
      expect(readFileSync(log, 'utf8')).to.equal(callsBefore);
    } finally {
      rmSync(fakeBin, { recursive: true, force: true });
    }
  });

  it('smoke: exits 2 without a namespace or with a scale that is not a number', async () => {
    const missing = await runScript('smoke.sh', []);
    expect(missing.code).to.equal(2);
    expect(missing.stderr.split('\n')[0]).to.equal('k8s-smoke: --namespace is required');
    const bad = await runScript('smoke.sh', ['--namespace', 'llm-staging', '--scale-backends', 'four']);
    expect(bad).to.deep.equal({ code: 2, stderr: "k8s-smoke: 'four' is not a whole number\n" });
  });
});
