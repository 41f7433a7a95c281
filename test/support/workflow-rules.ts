/**
 * The rules every workflow keeps, checked on the YAML files as GitHub reads
 * them: the repository's own (test/workflows/index.test.ts) and a scratch
 * project's with other settings and the documented recipes
 * (test/projenrc/platform-config.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { jobsOf, needsOf, type JobDefinition } from './workflow-queries.js';
import { ProjectInventory, workflowReferences, type InventoryOptions } from './workflow-references.js';
import type { PlatformSettings } from '../../projenrc/settings/index.js';
import { actions, usesOf } from '../../workflows/actions.js';
import { listRunScripts, type WorkflowDocument } from '../../workflows/run-scripts.js';

export interface WorkflowFile extends WorkflowDocument {
  readonly filename: string;
  readonly text: string;
}

/** Every workflow file of `root`/.github/workflows, parsed. */
export function readWorkflowFiles(root: string): WorkflowFile[] {
  const dir = join(root, '.github', 'workflows');
  return readdirSync(dir).filter((file) => file.endsWith('.yml')).sort().map((file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    return { filename: file.replace(/\.yml$/, ''), text, workflow: parse(text) as WorkflowDocument['workflow'] };
  });
}

export interface RuleContext {
  /** Every `uses:` a workflow may name: the pinned table's and the settings' own PR jobs'. */
  readonly pinned: ReadonlySet<string>;
  readonly inventory: ProjectInventory;
}

/** What the rules need to know of the project at `root`, whose workflow files are `files` (its bins' `--help` read ahead). */
export async function loadRuleContext(
  root: string, settings: PlatformSettings, files: readonly WorkflowFile[], options: InventoryOptions = {},
): Promise<RuleContext> {
  const own = settings.pullRequest.jobs.flatMap((job) => job.steps.flatMap((step) => (step.uses === undefined ? [] : [usesOf(step.uses)])));
  const inventory = new ProjectInventory(root, options);
  await inventory.loadHelp(files.flatMap(workflowReferences));
  return { pinned: new Set([...Object.values(actions).map(usesOf), ...own]), inventory };
}

/** Job ids in an order where every job comes after the jobs it needs; throws on a cycle. */
function topologicalOrder(jobs: Record<string, JobDefinition>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (order.includes(id)) return;
    if (visiting.has(id)) throw new Error(`needs cycle through ${id}`);
    visiting.add(id);
    needsOf(jobs[id]!).forEach(visit);
    visiting.delete(id);
    order.push(id);
  };
  Object.keys(jobs).forEach(visit);
  return order;
}

interface WorkflowRule {
  readonly title: string;
  check(file: WorkflowFile, context: RuleContext): void;
}

export const workflowRules: readonly WorkflowRule[] = [
  {
    title: 'defaults the token to reading contents only',
    check: (file) => expect(file.workflow.permissions).to.deep.equal({ contents: 'read' }),
  },
  {
    title: 'gives every job its own permissions and a timeout',
    check: (file) => {
      for (const [id, job] of Object.entries(jobsOf(file))) {
        expect(job.permissions, id).to.be.an('object');
        expect(job['timeout-minutes'], id).to.be.a('number').within(1, 60);
      }
    },
  },
  {
    title: 'needs only jobs of the same workflow, without cycles',
    check: (file) => {
      const jobs = jobsOf(file);
      for (const [id, job] of Object.entries(jobs)) expect(Object.keys(jobs), `${id} needs`).to.include.members(needsOf(job));
      expect(topologicalOrder(jobs)).to.have.length(Object.keys(jobs).length);
    },
  },
  {
    title: 'ends with a summary that runs after a failure too and needs every other job, directly or through the jobs it needs',
    check: (file) => {
      const jobs = jobsOf(file);
      for (const [id, summary] of Object.entries(jobs).filter(([candidate]) => candidate.endsWith('-summary'))) {
        const waitedFor = new Set<string>();
        const visit = (job: string): void => needsOf(jobs[job]!).forEach((need) => {
          if (!waitedFor.has(need)) visit(need);
          waitedFor.add(need);
        });
        visit(id);
        expect(summary.if, id).to.be.oneOf(['always()', '!cancelled()']);
        expect([...waitedFor], id).to.have.members(Object.keys(jobs).filter((other) => other !== id));
      }
    },
  },
  {
    title: 'puts no ${{ }} expression inside a run: script (values reach scripts through env)',
    check: (file) => {
      const injected = listRunScripts(file).filter(({ script }) => script.includes('${{'));
      expect(injected.map(({ job, step }) => `${job}/${step}`)).to.deep.equal([]);
    },
  },
  {
    title: 'uses third-party actions only pinned to a commit, from the table or the settings',
    check: (file, context) => {
      const uses = Object.values(jobsOf(file)).flatMap((job) => (job.steps ?? []).flatMap((step) => step.uses ?? []));
      expect(uses.filter((reference) => !context.pinned.has(reference))).to.deep.equal([]);
    },
  },
  {
    title: 'shows the version beside every pinned SHA in the YAML',
    check: (file) => {
      const usesLines = file.text.split('\n').filter((line) => /^\s*(- )?uses: /.test(line));
      expect(usesLines).to.not.be.empty;
      for (const line of usesLines) expect(line).to.match(/@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    },
  },
  {
    title: 'names only npm scripts, projen tasks, bins and files that exist',
    check: (file, context) => {
      const missing = workflowReferences(file).filter((reference) => !context.inventory.has(reference));
      expect([...new Set(missing.map(({ kind, name }) => `${kind} ${name}`))]).to.deep.equal([]);
    },
  },
];

/** Write access, each scope in the one job that needs it: pushing images, promoting them, the nightly's issues. */
export function expectOnlyKnownWriters(files: readonly WorkflowFile[]): void {
  const writers = files.flatMap((file) => Object.entries(jobsOf(file)).flatMap(([id, job]) =>
    Object.entries(job.permissions ?? {}).filter(([, level]) => level === 'write').map(([scope]) => `${file.filename}/${id}: ${scope}`)));
  expect(writers).to.have.members(['main/build-and-push: packages', 'main/promote: packages', 'nightly-bench/report: issues']);
}
