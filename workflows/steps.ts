import { Step, type NormalJob } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { runtimeFiles } from './files.js';
import { defineJob } from './job.js';

/** The Node.js line the project supports (package.json `engines`). */
export const nodeVersion = '20.x';

export function checkoutStep(): Step {
  return new Step({
    name: 'Check out',
    uses: usesOf(actions.checkout),
    // No job pushes with git: keep the token out of .git/config.
    with: { 'persist-credentials': false },
  });
}

export function setupNodeStep(): Step {
  return new Step({
    name: 'Set up Node.js',
    uses: usesOf(actions.setupNode),
    with: { 'node-version': nodeVersion, 'cache': 'npm' },
  });
}

/** Checkout, Node.js with the npm cache, and `npm ci`: what every job that runs project code starts with. */
export function nodeProjectSteps(): [Step, Step, Step] {
  return [
    checkoutStep(),
    setupNodeStep(),
    new Step({ name: 'Install dependencies', run: 'npm ci --no-audit --no-fund' }),
  ];
}

/** `npx llm-bench` runs the package's own bin, which points at the compiled `lib/`. */
export function compileStep(): Step {
  return new Step({ name: 'Compile', run: 'npm run compile' });
}

export interface UploadOptions {
  readonly id: string;
  readonly name: string;
  readonly paths: readonly string[];
  readonly retentionDays: number;
  readonly if?: string;
}

export function uploadArtifactStep(options: UploadOptions): Step {
  return new Step({
    id: options.id,
    name: `Upload ${options.name}`,
    uses: usesOf(actions.uploadArtifact),
    ...(options.if === undefined ? {} : { if: options.if }),
    with: {
      'name': options.name,
      'path': options.paths.join('\n'),
      'retention-days': options.retentionDays,
      'if-no-files-found': 'error',
    },
  });
}

/** Downloads an artifact uploaded earlier in the same run. */
export function downloadArtifactStep(name: string, path: string, condition?: string): Step {
  return new Step({
    id: `download-${name}`,
    name: `Download ${name}`,
    ...(condition === undefined ? {} : { if: condition }),
    uses: usesOf(actions.downloadArtifact),
    with: { name, path },
  });
}

/**
 * A table of the needed jobs' results in the job summary; fails when any of
 * them did not succeed, so one required check covers the whole workflow.
 */
export function jobResultsStep(): Step {
  return new Step({
    id: 'job-results',
    name: 'Summarize job results',
    env: { NEEDS_JSON: '${{ toJSON(needs) }}' },
    run: [
      '{',
      '  echo "| job | result |"',
      '  echo "| --- | --- |"',
      '  jq -r \'to_entries[] | "| \\(.key) | \\(.value.result) |"\' <<< "$NEEDS_JSON"',
      '} >> "$GITHUB_STEP_SUMMARY"',
      'if jq -e \'any(.[]; .result != "success")\' <<< "$NEEDS_JSON" > /dev/null; then',
      '  echo "::error::a job this summary depends on did not succeed"',
      '  exit 1',
      'fi',
    ].join('\n'),
  });
}

/** The test suite with coverage; the report goes to Codecov only where a CODECOV_TOKEN secret exists. */
export function testJob(): NormalJob {
  return defineJob('test', {
    name: 'Test',
    permissions: { contents: 'read' },
    timeoutMinutes: 20,
    steps: [
      ...nodeProjectSteps(),
      new Step({ id: 'test', name: 'Test with coverage', run: 'npm test' }),
      new Step({
        id: 'codecov-token',
        name: 'Check for a Codecov token',
        // Secrets cannot appear in `if:`, and the token should reach no step but the upload.
        env: { CODECOV_TOKEN: '${{ secrets.CODECOV_TOKEN }}' },
        run: 'if [ -n "$CODECOV_TOKEN" ]; then echo "present=true"; else echo "present=false"; fi >> "$GITHUB_OUTPUT"',
      }),
      new Step({
        id: 'codecov',
        name: 'Upload coverage to Codecov',
        if: "steps.codecov-token.outputs.present == 'true'",
        uses: usesOf(actions.codecov),
        with: {
          token: '${{ secrets.CODECOV_TOKEN }}',
          files: runtimeFiles.coverage,
          fail_ci_if_error: true,
        },
      }),
    ],
  });
}
