import type { PlatformSettings } from './settings/index.js';
import { scenarioNames } from '../src/bench/scenario/scenarios.js';

interface SettingRow {
  /** The setting's path in platform.config.ts. */
  readonly setting: string;
  readonly defaultOf: (settings: PlatformSettings) => string;
  readonly drives: string;
}

const code = (value: string | number) => `\`${value}\``;

function loadOf(settings: PlatformSettings): string {
  return scenarioNames.map((name) => {
    const { load } = settings.scenarios[name];
    const rate = load.rate === undefined ? '' : ` at ${load.rate}/s`;
    return `${code(name)}: ${load.concurrency} connections${rate}, ${load.requests} requests (short form ${load.shortRequests}, A/B rounds of ${load.roundRequests}), ${load.warmup} warm-up`;
  }).join('; ');
}

function backendsOf(settings: PlatformSettings): string {
  return scenarioNames.map((name) => {
    const { backend } = settings.scenarios[name];
    return `${code(name)}: ${backend.count}, ${Object.entries(backend.env).map(([key, value]) => `${key}=${value}`).join(' ')}`;
  }).join('; ');
}

/** Every setting, what it defaults to (read from the defaults, so the table cannot drift from them) and what reads it. */
export const settingRows: readonly SettingRow[] = [
  {
    setting: 'repository',
    defaultOf: (settings) => code(settings.repository),
    drives: 'the README badges, package.json `repository`, the registry owner',
  },
  {
    setting: 'registry.owner',
    defaultOf: (settings) => `the repository's owner, lower-cased (${code(settings.registry.owner)})`,
    drives: 'where main pushes the images (`ghcr.io/<owner>/llm-gateway`, `llm-backend`), where the nightly pulls the baseline build, what every manifest pins',
  },
  {
    setting: 'registry.pinnedTag',
    defaultOf: (settings) => code(settings.registry.pinnedTag),
    drives: 'the tag of main\'s images the committed `k8s/` manifests pin (deployments pass the digests they tested instead)',
  },
  {
    setting: 'branches.main',
    defaultOf: (settings) => code(settings.branches.main),
    drives: 'what `main.yml` builds, pushes and deploys; where the nightly finds its baselines and the only branch it reports for; the Main badge',
  },
  {
    setting: 'branches.pullRequests',
    defaultOf: (settings) => settings.branches.pullRequests.map(code).join(', '),
    drives: 'the base branches whose pull requests run `pr.yml`',
  },
  {
    setting: 'nightly.schedule',
    defaultOf: (settings) => code(settings.nightly.schedule),
    drives: 'when `nightly-bench.yml` runs (cron, UTC)',
  },
  {
    setting: 'gate.limits',
    defaultOf: (settings) => `the CLI's: ${code(settings.gate.flags)}`,
    drives: 'the limits of every `llm-bench ab` and `compare` call of the nightly, in percent; `failP95Pct` is `--fail-p95-pct` (docs/llm-bench.md)',
  },
  {
    setting: 'scenarios.<name>.backend',
    defaultOf: backendsOf,
    drives: 'the mock backends the workflows start for the scenario: how many, and their latency model (llm-backend\'s variables, merged into the default\'s)',
  },
  {
    setting: 'scenarios.<name>.load',
    defaultOf: loadOf,
    drives: 'what `llm-bench run`, `ab` and `compare` take for `--scenario NAME`, in the workflows and everywhere else',
  },
  {
    setting: 'environments',
    defaultOf: (settings) => settings.environments.map((environment) =>
      `${code(environment.name)} (namespace ${code(environment.namespace)}, gateway HPA ${environment.gateway.minReplicas}-${environment.gateway.maxReplicas}, ${environment.backendReplicas} backends)`).join(', '),
    drives: '`k8s/<name>/`: `name`, `namespace` (default `llm-<name>`), `gateway.minReplicas` and `maxReplicas`, `backendReplicas`',
  },
  {
    setting: 'deployments',
    defaultOf: (settings) => settings.deployments.map((stage) => code(stage.environment)).join(', '),
    drives: 'main\'s `deploy-<environment>` jobs, one after the other, each in its GitHub environment; the PR\'s kind job tests the first',
  },
  {
    setting: 'retentionDays.results',
    defaultOf: (settings) => String(settings.retentionDays.results),
    drives: 'days GitHub keeps each run\'s results and verdicts (main and nightly)',
  },
  {
    setting: 'retentionDays.baselines',
    defaultOf: (settings) => String(settings.retentionDays.baselines),
    drives: 'days GitHub keeps the nightly\'s baselines and history',
  },
  {
    setting: 'pullRequest.jobs',
    defaultOf: () => 'none',
    drives: 'your own jobs in `pr.yml` ([recipe](#add-a-check-to-the-pr-workflow))',
  },
];

export function formatSettingsTable(defaults: PlatformSettings): string {
  return [
    '| setting | default | what reads it |',
    '| --- | --- | --- |',
    ...settingRows.map((row) => `| \`${row.setting}\` | ${row.defaultOf(defaults)} | ${row.drives} |`),
  ].map((line) => `${line}\n`).join('');
}
