import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import { runTsScript } from '../support/run-node.js';

const script = resolve(import.meta.dirname, '..', '..', 'projenrc', 'k8s', 'render.ts');
const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

interface ListItem {
  kind: string;
  metadata: { namespace?: string };
  spec?: { template?: { spec: { containers: Array<{ image: string }> } } };
}

interface List {
  kind: string;
  items: ListItem[];
}

function imagesOf(list: List): string[] {
  return list.items.flatMap((item) => item.spec?.template?.spec.containers.map((container) => container.image) ?? []);
}

describe('k8s:render', function () {
  // Each case starts a fresh node with tsx: seconds on a loaded machine.
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), 'k8s-render-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the environment as one List with the images given in place of the pinned ones', async () => {
    const result = await runTsScript(script, [
      '--env', 'staging', '--gateway-image', `ghcr.io/o/llm-gateway@${digest}`, '--backend-image', 'llm-backend:sha-0123abc',
    ]);
    expect(result.code, result.stderr).to.equal(0);
    const list = JSON.parse(result.stdout) as List;
    expect(list.kind).to.equal('List');
    expect(list.items[0]!.kind).to.equal('Namespace');
    expect(imagesOf(list)).to.have.members(['llm-backend:sha-0123abc', `ghcr.io/o/llm-gateway@${digest}`]);
  });

  it('writes to a file with -o, keeping the pinned images when none are given', async () => {
    const output = join(dir, 'production.json');
    const result = await runTsScript(script, ['--env', 'production', '-o', output]);
    expect(result.code, result.stderr).to.equal(0);
    const list = JSON.parse(readFileSync(output, 'utf8')) as List;
    expect(list.items.every((item) => item.kind === 'Namespace' || item.metadata.namespace === 'llm-production')).to.equal(true);
    expect(imagesOf(list).every((image) => /:sha-[0-9a-f]+$/.test(image))).to.equal(true);
  });

  it('refuses a moving image, an unknown environment and an unknown flag with one line and exit code 2', async () => {
    const cases = [
      ['--env', 'staging', '--gateway-image', 'ghcr.io/o/llm-gateway:latest'],
      ['--env', 'dev'],
      ['--env', 'staging', '--replicas', '4'],
    ];
    const results = await Promise.all(cases.map((args) => runTsScript(script, args)));
    results.forEach((result, index) => {
      const label = cases[index]!.join(' ');
      expect(result.code, label).to.equal(2);
      expect(result.stderr.trim().split('\n'), label).to.have.length(1);
      expect(result.stderr, label).to.match(/^k8s:render: /);
    });
  });
});
