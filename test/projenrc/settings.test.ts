import { expect } from 'chai';
import { describe, it } from 'mocha';
import { cronProblem } from '../../projenrc/settings/cron.js';
import { defaultSettings, resolveSettings, SettingsError, type PlatformSettingsInput } from '../../projenrc/settings/index.js';

/** The lines `npx projen` prints for these settings (none when they are good). */
function problemsOf(input: unknown): string[] {
  try {
    resolveSettings(input as PlatformSettingsInput);
    return [];
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    expect(error.message.split('\n')).to.deep.equal(error.problems.map((problem) => `platform.config.ts: ${problem}`));
    return [...error.problems];
  }
}

describe('platform settings', () => {
  describe('defaults', () => {
    it('are the project\'s own: its repository and registry, main, the 02:00 nightly, staging deployed, two environments', () => {
      expect(defaultSettings.repository).to.equal('llm-inference-platform/llm-inference-platform');
      expect(defaultSettings.registry).to.deep.equal({
        host: 'ghcr.io',
        owner: 'llm-inference-platform',
        pinnedTag: 'sha-8957974',
        images: { gateway: 'ghcr.io/llm-inference-platform/llm-gateway', backend: 'ghcr.io/llm-inference-platform/llm-backend' },
      });
      expect(defaultSettings.branches).to.deep.equal({ main: 'main', pullRequests: ['main', 'develop'] });
      expect(defaultSettings.nightly.schedule).to.equal('0 2 * * *');
      expect(defaultSettings.deployments).to.deep.equal([{ environment: 'staging' }]);
      expect(defaultSettings.environments).to.deep.equal([
        { name: 'staging', namespace: 'llm-staging', gateway: { minReplicas: 2, maxReplicas: 10 }, backendReplicas: 3 },
        { name: 'production', namespace: 'llm-production', gateway: { minReplicas: 2, maxReplicas: 10 }, backendReplicas: 3 },
      ]);
      expect(defaultSettings.retentionDays).to.deep.equal({ results: 90, baselines: 365 });
      expect(defaultSettings.pullRequest.jobs).to.deep.equal([]);
    });

    it('gate on the CLI\'s own limits, every one written out as a flag', () => {
      expect(defaultSettings.gate.flags)
        .to.equal('--fail-p95-pct 20 --warn-p95-pct 10 --warn-p50-pct 15 --warn-throughput-pct 15 --fail-cpu-pct 20 --max-error-rate-pct 1');
    });
  });

  describe('given settings', () => {
    it('derive the registry owner from the repository, lower-cased, unless it is given', () => {
      expect(resolveSettings({ repository: 'Acme-Corp/inference' }).registry.images.gateway).to.equal('ghcr.io/acme-corp/llm-gateway');
      expect(resolveSettings({ repository: 'acme/inference', registry: { owner: 'acme-images' } }).registry.images.backend)
        .to.equal('ghcr.io/acme-images/llm-backend');
    });

    it('replace a limit and keep the others', () => {
      const { gate } = resolveSettings({ gate: { limits: { failP95Pct: 12.5, failP50Pct: 30 } } });
      expect(gate.flags).to.equal('--fail-p95-pct 12.5 --warn-p95-pct 10 --fail-p50-pct 30 --warn-p50-pct 15 --warn-throughput-pct 15 --fail-cpu-pct 20 --max-error-rate-pct 1');
    });

    it('change one part of a scenario\'s load and merge its latency model into the default\'s', () => {
      const { scenarios } = resolveSettings({ scenarios: { llm: { backend: { env: { MOCK_TTFT_MS: '250' } }, load: { requests: 1000 } } } });
      expect(scenarios.llm.load).to.deep.equal({ ...defaultSettings.scenarios.llm.load, requests: 1000 });
      expect(scenarios.llm.backend.env).to.deep.equal({ ...defaultSettings.scenarios.llm.backend.env, MOCK_TTFT_MS: '250' });
      expect(scenarios.overhead).to.deep.equal(defaultSettings.scenarios.overhead);
    });

    it('name a new environment\'s namespace after it and give it the default bounds', () => {
      const { environments } = resolveSettings({ environments: [{ name: 'canary', backendReplicas: 1 }], deployments: [{ environment: 'canary' }] });
      expect(environments).to.deep.equal([{ name: 'canary', namespace: 'llm-canary', gateway: { minReplicas: 2, maxReplicas: 10 }, backendReplicas: 1 }]);
    });

    it('give a PR job read access to contents, ten minutes and no needs unless it says otherwise', () => {
      const [job] = resolveSettings({
        pullRequest: { jobs: [{ id: 'audit', name: 'Audit', permissions: { 'pull-requests': 'read' }, steps: [{ id: 'audit', name: 'Audit', run: 'npm audit' }] }] },
      }).pullRequest.jobs;
      expect(job).to.deep.include({ permissions: { 'contents': 'read', 'pull-requests': 'read' }, timeoutMinutes: 10, needs: [] });
    });
  });

  describe('bad settings fail with one line each, naming the setting', () => {
    it('an HPA minimum above its maximum', () => {
      expect(problemsOf({ environments: [{ name: 'staging', gateway: { minReplicas: 12, maxReplicas: 10 } }] }))
        .to.deep.equal(['environments[0].gateway: minReplicas (12) is above maxReplicas (10)']);
      expect(problemsOf({ environments: [{ name: 'staging', gateway: { minReplicas: 11 } }] }))
        .to.deep.equal(['environments[0].gateway: minReplicas (11) is above maxReplicas (10)']);
    });

    it('a cron that is not five fields', () => {
      expect(problemsOf({ nightly: { schedule: '0 2 * *' } })).to.deep.equal([
        "nightly.schedule: '0 2 * *' is not a cron schedule: it has 4 fields, not five (minute hour day-of-month month day-of-week)",
      ]);
      expect(problemsOf({ nightly: { schedule: '@daily' } })).to.have.length(1);
    });

    it('a limit below 0', () => {
      expect(problemsOf({ gate: { limits: { failP95Pct: -5 } } })).to.deep.equal([
        "gate.limits.failP95Pct: -5 is invalid: expected a number >= 0 (llm-bench's --fail-p95-pct)",
      ]);
      expect(problemsOf({ gate: { limits: { maxErrorRatePct: 120 } } })).to.deep.equal([
        "gate.limits.maxErrorRatePct: 120 is invalid: expected a number from 0 to 100 (llm-bench's --max-error-rate-pct)",
      ]);
    });

    it('a repository not owner/name', () => {
      for (const repository of ['acme', 'acme/inference/extra', '-acme/inference', 'https://github.com/acme/inference']) {
        expect(problemsOf({ repository })).to.deep.equal([`repository: '${repository}' is not owner/name of a GitHub repository (for example acme/inference)`]);
      }
    });

    it('all of them at once, one line each', () => {
      expect(problemsOf({
        repository: 'acme',
        nightly: { schedule: '0 2 * *' },
        gate: { limits: { failP95Pct: -5 } },
        environments: [{ name: 'staging', gateway: { minReplicas: 12, maxReplicas: 10 } }],
      })).to.have.length(4);
    });

    it('a misspelt setting, an unknown environment to deploy, a duplicate, a bad latency model', () => {
      expect(problemsOf({ nightly: { cron: '0 3 * * *' } })).to.deep.equal(['nightly.cron: is not a setting here']);
      expect(problemsOf({ deployments: [{ environment: 'prod' }] })).to.deep.equal(["deployments[0].environment: 'prod' is not one of the environments (staging, production)"]);
      expect(problemsOf({ environments: [{ name: 'staging' }, { name: 'b', namespace: 'llm-staging' }] }))
        .to.deep.equal(["environments[1].namespace: 'llm-staging' is the namespace of an earlier environment"]);
      expect(problemsOf({ scenarios: { llm: { backend: { env: { MOCK_TTFT_MS: 'soon', MOCK_TTFT: '1' } } } } })).to.deep.equal([
        "scenarios.llm.backend.env.MOCK_TTFT_MS: 'soon' is invalid: expected milliseconds, an integer from 0 to 86400000",
        'scenarios.llm.backend.env.MOCK_TTFT: is not an environment variable of llm-backend (docs/backend.md lists them)',
      ]);
      expect(problemsOf({ environments: [{ name: 'staging' }, { name: 'Prod' }] })).to.deep.equal(["environments[1].name: 'Prod' is not a DNS label (lower-case letters, digits and '-', at most 63)"]);
    });

    it('a PR job that would write, hide an expression in a script, or use an action by tag', () => {
      const job = (step: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
        ({ pullRequest: { jobs: [{ id: 'check', name: 'Check', steps: [{ id: 'step', name: 'Step', ...step }], ...extra }] } });
      expect(problemsOf(job({ run: 'true' }, { permissions: { contents: 'write' } })))
        .to.deep.equal(["pullRequest.jobs[0].permissions.contents: 'write': a PR job runs the pull request's code, so it may read (read or none), never write"]);
      expect(problemsOf(job({ run: 'echo "${{ github.head_ref }}"' }))).to.deep.equal([
        'pullRequest.jobs[0].steps[0].run: holds a ${{ }} expression: pass the value through env (a pull request controls what such an expression expands to)',
      ]);
      expect(problemsOf(job({ uses: { repository: 'acme/lint-action', sha: 'v1', version: 'v1' } }))).to.deep.equal([
        "pullRequest.jobs[0].steps[0].uses.sha: 'v1' is not a full commit SHA (40 hex digits): a tag can be moved to other code",
      ]);
      expect(problemsOf(job({}))).to.deep.equal(['pullRequest.jobs[0].steps[0]: a step has either `run` (a script) or `uses` (a pinned action), not both or neither']);
      expect(problemsOf(job({ run: 'true' }, { timeoutMinutes: 120 }))).to.deep.equal(['pullRequest.jobs[0].timeoutMinutes: must be from 1 to 60']);
    });
  });
});

describe('cronProblem', () => {
  it('accepts what GitHub\'s schedule takes: values, ranges, steps, lists and names', () => {
    for (const schedule of ['0 2 * * *', '*/15 * * * *', '30 5,17 * * 1-5', '0 0 1 JAN,jul *', '0 12 * * MON-FRI', '0 3 1-30/2 * 0']) {
      expect(cronProblem(schedule), schedule).to.equal(undefined);
    }
  });

  it('names the field that is out of range or malformed', () => {
    expect(cronProblem('60 2 * * *')).to.equal("its minute field '60' is not a value, range or step within 0-59");
    expect(cronProblem('0 24 * * *')).to.equal("its hour field '24' is not a value, range or step within 0-23");
    expect(cronProblem('0 2 0 * *')).to.equal("its day-of-month field '0' is not a value, range or step within 1-31");
    expect(cronProblem('0 2 * 5-1 *')).to.equal("its month field '5-1' is not a value, range or step within 1-12");
    expect(cronProblem('0 2 * * */0')).to.equal("its day-of-week field '*/0' is not a value, range or step within 0-6");
    expect(cronProblem('0 2 * * * *')).to.equal('it has 6 fields, not five (minute hour day-of-month month day-of-week)');
  });
});
