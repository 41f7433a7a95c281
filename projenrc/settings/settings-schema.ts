import { z } from 'zod';
import { cronProblem } from './cron.js';
import { defaultEnvironments, deploymentSchema, environmentSchema } from './environment-settings.js';
import { gateLimitFlags, gateLimitsSchema } from './gate-limits.js';
import { pullRequestJobSchema } from './pull-request-jobs.js';
import { scenarioSettingsSchema } from './scenario-settings.js';
import { names, type Component } from '../k8s/labels.js';

/** GitHub's rules: an owner of 1-39 letters, digits and inner '-'; a name of letters, digits, '.', '_' and '-'. */
const repositorySchema = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\/[A-Za-z0-9._-]{1,100}$/, {
  error: (issue) => `'${String(issue.input)}' is not owner/name of a GitHub repository (for example acme/inference)`,
});

const branchSchema = z.string().regex(/^(?![-/.])(?!.*(?:\.\.|\/\/|@\{|\.lock$))[\w./-]+(?<![/.])$/, {
  error: (issue) => `'${String(issue.input)}' is not a branch name`,
});

/** GHCR namespaces are lower case. */
const registryOwnerSchema = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, {
  error: (issue) => `'${String(issue.input)}' is not a registry owner (lower-case letters, digits, '.', '_' and '-')`,
});

const scheduleSchema = z.string().superRefine((schedule, context) => {
  const problem = cronProblem(schedule);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: `'${schedule}' is not a cron schedule: ${problem}` });
});

/** GitHub keeps artifacts 1 to 90 days in a public repository, up to 400 in a private one (its repository settings). */
const retentionDays = z.int({ error: 'must be an integer' }).min(1, { error: 'must be from 1 to 400 days' }).max(400, { error: 'must be from 1 to 400 days' });

/** A list of at least one, typed as such for the code that reads the first. */
function nonEmpty<T extends z.ZodType>(item: T, error: string) {
  return z.array(item).min(1, { error }).transform((items) => items as [z.output<T>, ...z.output<T>[]]);
}

/** The registry main's workflow logs in to with GITHUB_TOKEN and pushes the images to. */
export const registryHost = 'ghcr.io';

export const settingsSchema = z.strictObject({
  /** The GitHub repository as owner/name: the README badges, package.json `repository`, and the registry owner by default. */
  repository: repositorySchema.default('llm-inference-platform/llm-inference-platform'),
  registry: z.strictObject({
    /** Where main pushes the images: `ghcr.io/<owner>/llm-gateway`. Default: the repository's owner, lower-cased. */
    owner: registryOwnerSchema.optional(),
    /**
     * The tag of main's images the committed manifests pin: `sha-<short commit>`, the immutable tag main pushes.
     * A new repository sets it once main has pushed its first images; deployments pass the digests they tested instead.
     */
    pinnedTag: z.string().regex(/^sha-[0-9a-f]{7,40}$/, {
      error: (issue) => `'${String(issue.input)}' is not a sha-<commit> tag (the only tag main pushes that never moves)`,
    }).default('sha-8957974'),
  }).prefault({}),
  branches: z.strictObject({
    /** The branch main's workflow builds, pushes and deploys, and the nightly benchmarks and reports for. */
    main: branchSchema.default('main'),
    /** The base branches whose pull requests run the PR workflow. */
    pullRequests: nonEmpty(branchSchema, 'needs at least one branch').default(['main', 'develop']),
  }).prefault({}),
  nightly: z.strictObject({
    /** When the nightly benchmark runs: a cron schedule of five fields, in UTC. */
    schedule: scheduleSchema.default('0 2 * * *'),
  }).prefault({}),
  gate: z.strictObject({
    /** Percentages, as the `llm-bench compare` and `ab` flags of the same names (docs/llm-bench.md). */
    limits: gateLimitsSchema,
  }).prefault({}),
  /** Each scenario's backends (count, latency model) and load (docs/llm-bench.md#scenarios). */
  scenarios: scenarioSettingsSchema,
  /** The environments k8s/ holds manifests for, one folder each. */
  environments: nonEmpty(environmentSchema, 'needs at least one environment').prefault(defaultEnvironments),
  /** main's deployment stages, in order; the PR workflow's kind cluster tests the first one's manifests. */
  deployments: nonEmpty(deploymentSchema, 'needs at least one stage (the PR workflow tests its manifests)').default([{ environment: 'staging' }]),
  retentionDays: z.strictObject({
    /** Results and verdicts of each run (nightly and main). */
    results: retentionDays.default(90),
    /** The nightly's baselines and history, read back by the next night. */
    baselines: retentionDays.default(365),
  }).prefault({}),
  pullRequest: z.strictObject({
    /** Your own checks on every pull request: see docs/extending.md. */
    jobs: z.array(pullRequestJobSchema).default([]),
  }).prefault({}),
}).superRefine((settings, context) => {
  const duplicate = (values: readonly string[], index: number) => values.indexOf(values[index]!) !== index;
  const environmentNames = settings.environments.map((environment) => environment.name);
  const namespaces = settings.environments.map((environment) => environment.namespace);
  settings.environments.forEach((environment, index) => {
    if (duplicate(environmentNames, index)) context.addIssue({ code: 'custom', path: ['environments', index, 'name'], message: `'${environment.name}' is the name of an earlier environment` });
    if (duplicate(namespaces, index)) context.addIssue({ code: 'custom', path: ['environments', index, 'namespace'], message: `'${environment.namespace}' is the namespace of an earlier environment` });
  });
  const stages = settings.deployments.map((stage) => stage.environment);
  stages.forEach((stage, index) => {
    const path = ['deployments', index, 'environment'];
    if (!environmentNames.includes(stage)) context.addIssue({ code: 'custom', path, message: `'${stage}' is not one of the environments (${environmentNames.join(', ')})` });
    else if (duplicate(stages, index)) context.addIssue({ code: 'custom', path, message: `'${stage}' is deployed by an earlier stage` });
  });
  const jobIds = settings.pullRequest.jobs.map((job) => job.id);
  jobIds.forEach((jobId, index) => {
    if (duplicate(jobIds, index)) context.addIssue({ code: 'custom', path: ['pullRequest', 'jobs', index, 'id'], message: `'${jobId}' is the id of an earlier job` });
  });
}).transform((settings) => {
  const owner = settings.registry.owner ?? settings.repository.split('/')[0]!.toLowerCase();
  const images = Object.fromEntries(Object.entries(names).map(([component, name]) => [component, `${registryHost}/${owner}/${name}`]));
  return {
    ...settings,
    registry: { ...settings.registry, host: registryHost, owner, images: images as Record<Component, string> },
    gate: { ...settings.gate, flags: gateLimitFlags(settings.gate.limits) },
  };
});

/** What platform.config.ts gives: every setting is optional and defaults to the project's own. */
export type PlatformSettingsInput = z.input<typeof settingsSchema>;

/** Every setting resolved, with what follows from them (the image repositories, the gate's flags). */
export type PlatformSettings = z.output<typeof settingsSchema>;
