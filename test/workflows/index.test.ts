import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Step, Workflow } from '@github-actions-workflow-ts/lib';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { actions, usesOf } from '../../workflows/actions.js';
import { workflows } from '../../workflows/index.js';
import { defineJob } from '../../workflows/job.js';
import { listRunScripts } from '../../workflows/run-scripts.js';
import { jobsOf, needsOf, type JobDefinition } from '../support/workflow-queries.js';
import { ProjectInventory, findReferences, workflowReferences } from '../support/workflow-references.js';

const root = resolve(import.meta.dirname, '..', '..');
const pinned = new Set<string>(Object.values(actions).map(usesOf));
// One inventory for all workflows, so each command's --help is run once.
const projectInventory = new ProjectInventory(root);

/** Job ids in an order where every job comes after the jobs it needs; throws on a cycle. */
function topologicalOrder(jobs: Record<string, JobDefinition>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (order.includes(id)) return;
    if (visiting.has(id)) throw new Error(`needs cycle through ${id}`);
    visiting.add(id);
    needsOf(jobs[id]).forEach(visit);
    visiting.delete(id);
    order.push(id);
  };
  Object.keys(jobs).forEach(visit);
  return order;
}

describe('workflows', () => {
  it('are the PR, main and nightly benchmark workflows', () => {
    expect(workflows.map((w) => w.filename)).to.deep.equal(['pr', 'main', 'nightly-bench']);
  });

  for (const workflow of workflows) {
    describe(`${workflow.filename}.yml`, () => {
      const jobs = jobsOf(workflow);

      it('defaults the token to reading contents only', () => {
        expect(workflow.workflow.permissions).to.deep.equal({ contents: 'read' });
      });

      it('gives every job its own permissions and a timeout', () => {
        for (const [id, job] of Object.entries(jobs)) {
          expect(job.permissions, id).to.be.an('object');
          expect(job['timeout-minutes'], id).to.be.a('number').within(1, 60);
        }
      });

      it('needs only jobs of the same workflow, without cycles', () => {
        for (const [id, job] of Object.entries(jobs)) {
          expect(Object.keys(jobs), `${id} needs`).to.include.members(needsOf(job));
        }
        expect(topologicalOrder(jobs)).to.have.length(Object.keys(jobs).length);
      });

      it('puts no ${{ }} expression inside a run: script (values reach scripts through env)', () => {
        const injected = listRunScripts(workflow).filter(({ script }) => script.includes('${{'));
        expect(injected.map(({ job, step }) => `${job}/${step}`)).to.deep.equal([]);
      });

      it('uses third-party actions only through the pinned table', () => {
        const uses = Object.values(jobs).flatMap((job) => (job.steps ?? []).flatMap((s) => s.uses ?? []));
        expect(uses.filter((u) => !pinned.has(u))).to.deep.equal([]);
      });

      it('shows the version beside every pinned SHA in the YAML', () => {
        const yaml = readFileSync(resolve(root, '.github', 'workflows', `${workflow.filename}.yml`), 'utf8');
        const usesLines = yaml.split('\n').filter((line) => /^\s*(- )?uses: /.test(line));
        expect(usesLines).to.not.be.empty;
        for (const line of usesLines) expect(line).to.match(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
      });

      it('names only npm scripts, projen tasks, bins and files that exist', () => {
        const missing = workflowReferences(workflow).filter((reference) => !projectInventory.has(reference));
        expect([...new Set(missing.map(({ kind, name }) => `${kind} ${name}`))]).to.deep.equal([]);
      });
    });
  }

  it('import nothing from src/ but the scenarios, pure data (they name npm scripts and bins instead)', () => {
    const dir = resolve(root, 'workflows');
    const imports = readdirSync(dir).filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(resolve(dir, file), 'utf8').matchAll(/from '(\.\.\/src\/[^']+)'/g)].map((match) => match[1]));
    expect([...new Set(imports)]).to.deep.equal(['../src/bench/scenario/scenarios.js']);
  });

  it('grants write access only to Build and Push and Promote (packages) and the nightly report job (issues)', () => {
    const writers = workflows.flatMap((workflow) => Object.entries(jobsOf(workflow)).flatMap(([id, job]) =>
      Object.entries(job.permissions ?? {}).filter(([, level]) => level === 'write')
        .map(([scope]) => `${workflow.filename ?? ''}/${id}: ${scope}`)));
    expect(writers).to.have.members([
      'main/build-and-push: packages',
      'main/promote: packages',
      'nightly-bench/report: issues',
    ]);
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
