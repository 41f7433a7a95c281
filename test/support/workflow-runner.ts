/**
 * Walks a job's steps the way the Actions runner does, with GitHub's own
 * expression evaluator (@actions/expressions) for every `if:`, `env:`,
 * `continue-on-error:` and `outputs:` template. Steps named in `execute` run
 * their real `run:` script under `bash -e` with the evaluated env (in
 * `workspace`, with `commands` as stand-ins on PATH); their GITHUB_OUTPUT
 * lines become the step's outputs and their exit code its outcome. Every
 * other step takes the outcome and outputs a test gives it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { JobDefinition } from './workflow-queries.js';

type Outcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  readonly outcome?: 'success' | 'failure';
  readonly outputs?: Record<string, string>;
}

export interface RunContext {
  readonly github: { readonly ref: string; readonly event_name: string; readonly repository_owner?: string };
  readonly inputs?: Record<string, unknown>;
  readonly needs?: Record<string, { result: string; outputs: Record<string, string> }>;
}

export interface JobRun {
  /** 'skipped' when the job-level `if:` is false. */
  readonly result: 'success' | 'failure' | 'skipped';
  readonly ran: string[];
  /** `conclusion` differs from `outcome` only for a failed step with `continue-on-error`. */
  readonly steps: Record<string, { outcome: Outcome; conclusion: Outcome; outputs: Record<string, string> }>;
  readonly env: Record<string, Record<string, string>>;
  readonly outputs: Record<string, string>;
  /** What each executed step printed, stdout then stderr (workflow commands such as `::notice::` included). */
  readonly logs: Record<string, string>;
  /** What the executed steps appended to GITHUB_STEP_SUMMARY, in order. */
  readonly summary: string;
}

export interface ScriptOptions {
  /** Ids of the steps whose real `run:` script is executed. */
  readonly execute?: readonly string[];
  /** The working directory of executed scripts (the job's checkout); the test's own directory by default. */
  readonly workspace?: string;
  /** Stand-ins for commands the scripts call (`npx`, `docker`...): name to a bash script body, first on PATH. */
  readonly commands?: Record<string, string>;
}

interface ScriptRun {
  readonly outcome: 'success' | 'failure';
  readonly outputs: Record<string, string>;
  readonly log: string;
  readonly summary: string;
}

const contexts = ['github', 'inputs', 'needs', 'steps', 'env', 'secrets'];
const statusFunctions = ['success', 'failure', 'always', 'cancelled'];

function unwrap(expression: string): string {
  const match = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(expression);
  return match === null ? expression : match[1]!;
}

function evaluate(expression: string, context: Record<string, unknown>, failed: boolean): data.ExpressionData {
  const functions = new Map(statusFunctions.map((name) => [name, {
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(name === 'always' || (name === 'success' && !failed) || (name === 'failure' && failed)),
  }]));
  const parsed = new Parser(new Lexer(expression).lex().tokens, contexts, [...functions.values()]).parse();
  const dictionary = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
  return new Evaluator(parsed, dictionary, functions).evaluate();
}

function truthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Boolean: return (value as data.BooleanData).value;
    case data.Kind.Null: return false;
    case data.Kind.Number: return value.number() !== 0 && !Number.isNaN(value.number());
    case data.Kind.String: return value.coerceString() !== '';
    default: return true;
  }
}

/** An `if:` without a status function means `success() && (...)`, as on GitHub. */
export function evaluateCondition(condition: string | undefined, context: Record<string, unknown>, failed: boolean): boolean {
  const expression = unwrap(condition ?? 'success()');
  const withStatus = statusFunctions.some((name) => new RegExp(`\\b${name}\\(`).test(expression)) ? expression : `success() && (${expression})`;
  return truthy(evaluate(withStatus, context, failed));
}

/** Replaces every `${{ ... }}` in a string by its value. */
export function interpolate(template: string, context: Record<string, unknown>): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => evaluate(expression, context, false).coerceString());
}

function writeCommands(dir: string, commands: Record<string, string>): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

/** GitHub's `name=value` lines; a later line for the same name wins. */
function parseOutputs(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter(Boolean).map((line) => {
    const equals = line.indexOf('=');
    return [line.slice(0, equals), line.slice(equals + 1)];
  }));
}

function runScript(script: string, env: Record<string, string>, options: ScriptOptions): ScriptRun {
  const dir = mkdtempSync(join(tmpdir(), 'step-'));
  try {
    const output = join(dir, 'output');
    const summary = join(dir, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const path = [...(options.commands === undefined ? [] : [writeCommands(dir, options.commands)]), process.env.PATH].join(':');
    const result = spawnSync('bash', ['-e', '-c', script], {
      cwd: options.workspace,
      env: { PATH: path, ...env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
      // No stdin: bash reads ~/.bashrc when its stdin is a socket (as Node's pipes are), taking it for rshd.
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (result.error !== undefined) throw result.error;
    return {
      outcome: result.status === 0 ? 'success' : 'failure',
      outputs: parseOutputs(readFileSync(output, 'utf8')),
      log: `${result.stdout}${result.stderr}`,
      summary: readFileSync(summary, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runJob(job: JobDefinition, context: RunContext, given: Record<string, StepResult>, options: ScriptOptions = {}): JobRun {
  const base = { github: context.github, inputs: context.inputs ?? {}, needs: context.needs ?? {}, secrets: {} };
  const skipped: JobRun = { result: 'skipped', ran: [], steps: {}, env: {}, outputs: {}, logs: {}, summary: '' };
  if (job.if !== undefined && !evaluateCondition(String(job.if), { ...base, steps: {} }, false)) return skipped;
  const steps: JobRun['steps'] = {};
  const ran: string[] = [];
  const envs: JobRun['env'] = {};
  const logs: JobRun['logs'] = {};
  let summary = '';
  let failed = false;
  for (const step of job.steps ?? []) {
    const id = step.id ?? '';
    const stepContext = { ...base, steps };
    if (!evaluateCondition(step.if === undefined ? undefined : String(step.if), stepContext, failed)) {
      if (id) steps[id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      continue;
    }
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, interpolate(String(value), stepContext)]));
    let result: StepResult = given[id] ?? {};
    if (options.execute?.includes(id)) {
      const script = runScript(String(step.run), env, options);
      result = script;
      logs[id] = script.log;
      summary += script.summary;
    }
    const outcome = result.outcome ?? 'success';
    const continueOnError = step['continue-on-error'];
    const tolerated = continueOnError !== undefined && truthy(evaluate(unwrap(String(continueOnError)), stepContext, failed));
    const conclusion = outcome === 'failure' && tolerated ? 'success' : outcome;
    if (conclusion === 'failure') failed = true;
    ran.push(id || String(step.name));
    if (id) {
      steps[id] = { outcome, conclusion, outputs: result.outputs ?? {} };
      envs[id] = env;
    }
  }
  const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([key, value]) => [key, interpolate(String(value), { ...base, steps })]));
  return { result: failed ? 'failure' : 'success', ran, steps, env: envs, outputs, logs, summary };
}
