/**
 * Walks a job's steps the way the Actions runner does, with GitHub's own
 * expression evaluator (@actions/expressions) for every `if:`, `env:` and
 * `outputs:` template. Steps named in `execute` run their real `run:` script
 * under bash with the evaluated env, and their GITHUB_OUTPUT lines become the
 * step's outputs; every other step takes the outcome and outputs a test gives it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  readonly github: { readonly ref: string; readonly event_name: string };
  readonly inputs?: Record<string, unknown>;
  readonly needs?: Record<string, { result: string; outputs: Record<string, string> }>;
}

export interface JobRun {
  /** 'skipped' when the job-level `if:` is false. */
  readonly result: 'success' | 'failure' | 'skipped';
  readonly ran: string[];
  readonly steps: Record<string, { outcome: Outcome; outputs: Record<string, string> }>;
  readonly env: Record<string, Record<string, string>>;
  readonly outputs: Record<string, string>;
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

function runScript(script: string, env: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'step-'));
  try {
    const output = join(dir, 'output');
    writeFileSync(output, '');
    execFileSync('bash', ['-e', '-c', script], { env: { PATH: process.env.PATH, ...env, GITHUB_OUTPUT: output }, stdio: 'ignore' });
    return Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((line) => {
      const equals = line.indexOf('=');
      return [line.slice(0, equals), line.slice(equals + 1)];
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runJob(job: JobDefinition, context: RunContext, given: Record<string, StepResult>, execute: readonly string[] = []): JobRun {
  const base = { github: context.github, inputs: context.inputs ?? {}, needs: context.needs ?? {}, secrets: {} };
  const skipped: JobRun = { result: 'skipped', ran: [], steps: {}, env: {}, outputs: {} };
  if (job.if !== undefined && !evaluateCondition(String(job.if), { ...base, steps: {} }, false)) return skipped;
  const steps: JobRun['steps'] = {};
  const ran: string[] = [];
  const envs: JobRun['env'] = {};
  let failed = false;
  for (const step of job.steps ?? []) {
    const id = step.id ?? '';
    const stepContext = { ...base, steps };
    if (!evaluateCondition(step.if === undefined ? undefined : String(step.if), stepContext, failed)) {
      if (id) steps[id] = { outcome: 'skipped', outputs: {} };
      continue;
    }
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, interpolate(String(value), stepContext)]));
    const result: StepResult = execute.includes(id) ? { outcome: 'success', outputs: runScript(String(step.run), env) } : given[id] ?? {};
    const outcome = result.outcome ?? 'success';
    if (outcome === 'failure') failed = true;
    ran.push(id || String(step.name));
    if (id) {
      steps[id] = { outcome, outputs: result.outputs ?? {} };
      envs[id] = env;
    }
  }
  const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([key, value]) => [key, interpolate(String(value), { ...base, steps })]));
  return { result: failed ? 'failure' : 'success', ran, steps, env: envs, outputs };
}
