import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { expect } from 'chai';
import { before, describe, it } from 'mocha';
import { settings as platformConfig } from '../../platform.config.js';
import { defaultSettings, resolveSettings } from '../../projenrc/settings/index.js';
import { createWorkflows } from '../../workflows/index.js';
import { defineJob } from '../../workflows/job.js';
import { ProjectInventory, findReferences, workflowReferences } from '../support/workflow-references.js';
import { expectOnlyKnownWriters, loadRuleContext, readWorkflowFiles, workflowRules, type RuleContext } from '../support/workflow-rules.js';

const root = resolve(import.meta.dirname, '..', '..');
const files = readWorkflowFiles(root);

describe('workflows', function () {
  // The bins' --help, run once for all workflows, side by side: seconds on a loaded 2-core machine.
  this.timeout(60_000);
  let context: RuleContext;
  before(async () => {
    context = await loadRuleContext(root, resolveSettings(platformConfig), files);
  });

  it('are the PR, main and nightly benchmark workflows, and .github/workflows holds exactly them', () => {
    const filenames = createWorkflows(defaultSettings).map((workflow) => workflow.filename);
    expect(filenames).to.deep.equal(['pr', 'main', 'nightly-bench']);
    expect(files.map((file) => file.filename)).to.have.members(filenames);
  });

  for (const file of files) {
    describe(`${file.filename}.yml`, () => {
      for (const rule of workflowRules) it(rule.title, () => rule.check(file, context));
    });
  }

  it('import nothing from src/ but the scenarios, pure data (they name npm scripts and bins instead)', () => {
    const dir = resolve(root, 'workflows');
    const imports = readdirSync(dir).filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(resolve(dir, file), 'utf8').matchAll(/from '(\.\.\/src\/[^']+)'/g)].map((match) => match[1]));
    expect([...new Set(imports)]).to.deep.equal(['../src/bench/scenario/scenarios.js']);
  });

  it('grants write access only to Build and Push and Promote (packages) and the nightly report job (issues)', () => {
    expectOnlyKnownWriters(files);
  });
});

describe('the consistency check', () => {
  const inventory = new ProjectInventory(resolve(root, 'test', 'fixtures', 'workflow-project'));
  const missing = (script: string): string[] =>
    findReferences(script).filter((reference) => !inventory.has(reference)).map(({ kind, name }) => `${kind} ${name}`);

  it('finds npm scripts, projen tasks, bins, their flags and paths in a script', () => {
    const script = 'npm ci\nnpm run eslint && npm test\nCI=1 npx --yes projen compile\n'
      + 'x=$(npx demo-cli go -n 3 --fast=yes bench/prompts.jsonl "$HOME/a/b") | jq -r ".a" > /dev/null';
    expect(findReferences(script)).to.deep.equal([
      { kind: 'npm script', name: 'eslint' },
      { kind: 'npm script', name: 'test' },
      { kind: 'projen task', name: 'compile' },
      { kind: 'file', name: 'bench/prompts.jsonl' },
      { kind: 'bin', name: 'demo-cli' },
      { kind: 'flag', name: 'demo-cli go -n' },
      { kind: 'flag', name: 'demo-cli go --fast' },
    ]);
  });

  it('accepts the scripts, tasks, bins, flags and files the project has', () => {
    expect(missing('npm test\nnpx projen compile\nnpx demo-cli go --count 2 --fast bench/results-llm.json'))
      .to.deep.equal([]);
  });

  it('reports a renamed script or task, an unknown bin or flag, and a missing file', () => {
    expect(missing('npm run lint\nnpx projen build\nnpx no-such-bin\nnpx demo-cli go --slow\ncat bench/prompt.jsonl'))
      .to.deep.equal([
        'npm script lint',
        'projen task build',
        'bin no-such-bin',
        'flag demo-cli go --slow',
        'file bench/prompt.jsonl',
      ]);
  });

  it('also checks the Dockerfile and artifact paths given to actions', () => {
    const job = defineJob('upload', {
      name: 'Upload',
      permissions: {},
      timeoutMinutes: 1,
      steps: [
        new Step({ uses: 'docker/build-push-action@sha', with: { file: 'Dockerfile.nope' } }),
        new Step({ uses: 'actions/upload-artifact@sha', with: { path: 'bench/results-llm.json\nbench/verdikt.json' } }),
      ],
    });
    const workflow = new Workflow('sample', { on: { push: {} } }).addJob(job);
    const unknown = workflowReferences(workflow).filter((reference) => !inventory.has(reference));
    expect(unknown.map(({ name }) => name)).to.deep.equal(['Dockerfile.nope', 'bench/verdikt.json']);
  });
});
