import { z } from 'zod';

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, {
  error: (issue) => `'${String(issue.input)}' is not an id (lower-case letters, digits and '-', starting with a letter)`,
});

/**
 * A third-party action pinned to a full commit SHA (a tag can be moved to
 * other code, a commit cannot); the version is what the YAML shows beside it.
 */
export const pinnedActionSchema = z.strictObject({
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+(\/[\w.-]+)*$/, { error: (issue) => `'${String(issue.input)}' is not owner/name of an action` }),
  sha: z.string().regex(/^[0-9a-f]{40}$/, {
    error: (issue) => `'${String(issue.input)}' is not a full commit SHA (40 hex digits): a tag can be moved to other code`,
  }),
  version: z.string().regex(/^v\d+(\.\d+){0,2}$/, { error: (issue) => `'${String(issue.input)}' is not a release version such as v4 or v4.2.2` }),
});

const stepSchema = z.strictObject({
  id,
  name: z.string().min(1, { error: 'must not be empty' }),
  /** A bash script. Values from GitHub contexts reach it through `env`, never as `${{ }}` inside it. */
  run: z.string().min(1, { error: 'must not be empty' }).refine((script) => !script.includes('${{'), {
    error: 'holds a ${{ }} expression: pass the value through env (a pull request controls what such an expression expands to)',
  }).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_]\w*$/, { error: 'is not an environment variable name' }), z.string()).optional(),
  uses: pinnedActionSchema.optional(),
  with: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
}).superRefine((step, context) => {
  if ((step.run === undefined) === (step.uses === undefined)) {
    context.addIssue({ code: 'custom', message: 'a step has either `run` (a script) or `uses` (a pinned action), not both or neither' });
  } else if (step.with !== undefined && step.uses === undefined) {
    context.addIssue({ code: 'custom', path: ['with'], message: 'is for an action\'s inputs: a `run` step takes `env`' });
  }
});

/** The scopes GITHUB_TOKEN has (GitHub's docs: "Controlling permissions for GITHUB_TOKEN"), `id-token` aside: it only writes. */
const scopes = [
  'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'issues', 'models', 'packages', 'pages',
  'pull-requests', 'repository-projects', 'security-events', 'statuses',
] as const;

const readOnly = z.enum(['read', 'none'], {
  error: (issue) => `'${String(issue.input)}': a PR job runs the pull request's code, so it may read (read or none), never write`,
});

/**
 * A job added to the PR workflow. It gets the project's rules for free: it
 * starts with checkout (no persisted token), Node.js with the npm cache and
 * `npm ci`; its token can read contents and whatever else it names, never
 * write; it has a time bound; its actions are pinned; PR Summary needs it.
 */
export const pullRequestJobSchema = z.strictObject({
  /** The job's id in pr.yml. */
  id,
  /** The check's name on the pull request. */
  name: z.string().min(1, { error: 'must not be empty' }),
  /** Read scopes beyond `contents: read`, e.g. `{ 'pull-requests': 'read' }`. */
  permissions: z.partialRecord(z.enum(scopes), readOnly).optional(),
  timeoutMinutes: z.int({ error: 'must be an integer' }).min(1, { error: 'must be from 1 to 60' }).max(60, { error: 'must be from 1 to 60' }).default(10),
  /** Jobs of the PR workflow to wait for, by id (`build-gateway`...). */
  needs: z.array(id).default([]),
  /** Run after checkout, Node.js and `npm ci`, in order. */
  steps: z.array(stepSchema).min(1, { error: 'needs at least one step' }),
}).superRefine((job, context) => {
  const ids = job.steps.map((step) => step.id);
  ids.forEach((stepId, index) => {
    if (ids.indexOf(stepId) !== index) context.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `'${stepId}' is the id of an earlier step` });
  });
}).transform((job) => ({ ...job, permissions: { contents: 'read' as const, ...job.permissions } }));

export type PullRequestJob = z.output<typeof pullRequestJobSchema>;
export type PullRequestStep = PullRequestJob['steps'][number];
