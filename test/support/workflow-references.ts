/**
 * Finds what a workflow's `run:` scripts and steps name (npm scripts, projen
 * tasks, bins, repository files) and checks each against the project, so a
 * renamed task fails `npm test` instead of the first run on GitHub.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeFiles } from '../../workflows/files.js';
import type { WorkflowDocument } from '../../workflows/run-scripts.js';

export type ReferenceKind = 'npm script' | 'projen task' | 'bin' | 'flag' | 'file';

export interface Reference {
  readonly kind: ReferenceKind;
  /** For a flag: the command and the flag, e.g. `llm-bench compare --json`. */
  readonly name: string;
}

const separators = new Set(['|', ';', '&', '(', ')', '<', '>', '\n']);

/** Splits a bash script into simple commands, each a list of words with the quotes removed. */
export function splitCommands(script: string): string[][] {
  const commands: string[][] = [[]];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  const endWord = (): void => {
    if (word !== undefined) commands[commands.length - 1].push(word);
    word = undefined;
  };
  for (let i = 0; i < script.length; i += 1) {
    const char = script[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word = word ?? '';
    } else if (char === '\\') {
      i += 1;
      if (script[i] !== '\n') word = (word ?? '') + (script[i] ?? '');
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else if (separators.has(char)) {
      endWord();
      if (commands[commands.length - 1].length > 0) commands.push([]);
    } else {
      word = (word ?? '') + char;
    }
  }
  endWord();
  return commands.filter((command) => command.length > 0);
}

const relativePath = /^(\.\/)?[\w.-]+(\/[\w.-]+)+$/;

function commandReferences(words: readonly string[]): Reference[] {
  const start = words.findIndex((w) => !/^\w+=/.test(w));
  const args = start === -1 ? [] : words.slice(start);
  const references: Reference[] = args.filter((w) => relativePath.test(w)).map((name) => ({ kind: 'file', name }));
  const [command, first, second] = args;
  if (command === 'npm' && (first === 'run' || first === 'run-script') && second !== undefined) {
    references.push({ kind: 'npm script', name: second });
  } else if (command === 'npm' && (first === 'test' || first === 'start')) {
    references.push({ kind: 'npm script', name: first });
  } else if (command === 'npx') {
    const binAt = args.findIndex((w, i) => i > 0 && !w.startsWith('-'));
    const [bin, subcommand] = binAt === -1 ? [] : args.slice(binAt, binAt + 2);
    if (bin === 'projen' && subcommand !== undefined) {
      references.push({ kind: 'projen task', name: subcommand });
    } else if (bin !== undefined) {
      references.push({ kind: 'bin', name: bin });
      const flags = args.slice(binAt + 1).filter((w) => /^--?[a-z]/i.test(w)).map((w) => w.replace(/=.*$/, ''));
      const prefix = subcommand === undefined || subcommand.startsWith('-') ? bin : `${bin} ${subcommand}`;
      references.push(...flags.map((flag) => ({ kind: 'flag' as const, name: `${prefix} ${flag}` })));
    }
  }
  return references;
}

/** What a script names: `npm run X`, `npm test`, `npx projen X`, `npx <bin>` and its flags, and relative file paths. */
export function findReferences(script: string): Reference[] {
  return splitCommands(script).flatMap(commandReferences);
}

/** The paths an action step is given: a Dockerfile (`file`), artifact paths (`path`, one a line). */
function actionPaths(inputs: Record<string, unknown> | undefined): Reference[] {
  return ['file', 'path'].flatMap((input) => {
    const value = inputs?.[input];
    return typeof value === 'string' ? value.split('\n').map((name) => ({ kind: 'file' as const, name })) : [];
  });
}

/** Every reference in a workflow: its `run:` scripts and the paths its actions are given. */
export function workflowReferences(workflow: WorkflowDocument): Reference[] {
  return Object.values(workflow.workflow.jobs ?? {}).flatMap((job) => ('steps' in job ? job.steps ?? [] : []))
    .flatMap((step) => [
      ...(step.run === undefined ? [] : findReferences(step.run)),
      ...actionPaths(step.with as Record<string, unknown> | undefined),
    ]);
}

interface PackageJson {
  readonly scripts?: Record<string, string>;
  readonly bin?: string | Record<string, string>;
  readonly name?: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function binNames(pkg: PackageJson): string[] {
  if (typeof pkg.bin === 'string') return [pkg.name?.replace(/^@[^/]+\//, '') ?? ''];
  return Object.keys(pkg.bin ?? {});
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each command's `--help`, by the absolute path of its source and the subcommand: one run per test process. */
const helpTexts = new Map<string, string>();

/**
 * The names a project offers, read from package.json, .projen/tasks.json,
 * node_modules and the file tree. A flag of one of the package's own bins is
 * looked up in that command's `--help`, run from source (`lib/x.js` -> `src/x.ts`)
 * of `sourceRoot`: the project's own, or the one a scratch copy was made of.
 */
export class ProjectInventory {
  private readonly names: Record<ReferenceKind, (name: string) => boolean>;

  constructor(root: string, private readonly sourceRoot = root) {
    const pkg = readJson<PackageJson>(join(root, 'package.json'));
    const tasks = readJson<{ tasks: Record<string, unknown> }>(join(root, '.projen', 'tasks.json')).tasks;
    const dependencyBins = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
      .flatMap((dependency) => binNames(readJson<PackageJson>(join(root, 'node_modules', dependency, 'package.json'))));
    const bins = new Set([...binNames(pkg), ...dependencyBins]);
    const generated = new Set<string>(Object.values(runtimeFiles));
    const ownBins = typeof pkg.bin === 'object' ? pkg.bin : {};
    this.names = {
      'npm script': (name) => pkg.scripts?.[name] !== undefined,
      'projen task': (name) => tasks[name] !== undefined,
      'bin': (name) => bins.has(name),
      'flag': (name) => {
        const words = name.split(' ');
        const flag = words.pop() ?? '';
        const entry = ownBins[words[0]];
        if (entry === undefined) return true;
        const help = this.helpOf(entry.replace(/^lib\//, 'src/').replace(/\.js$/, '.ts'), words.slice(1));
        return new RegExp(`(^|[\\s,])${escapeRegExp(flag)}([\\s,]|$)`, 'm').test(help);
      },
      'file': (name) => generated.has(name) || existsSync(join(root, name)),
    };
  }

  private helpOf(source: string, subcommand: readonly string[]): string {
    const key = [join(this.sourceRoot, source), ...subcommand].join(' ');
    let help = helpTexts.get(key);
    if (help === undefined) {
      help = existsSync(join(this.sourceRoot, source))
        ? execFileSync(process.execPath, ['--import', 'tsx', source, ...subcommand, '--help'], { cwd: this.sourceRoot, encoding: 'utf8' })
        : '';
      helpTexts.set(key, help);
    }
    return help;
  }

  has(reference: Reference): boolean {
    return this.names[reference.kind](reference.name);
  }
}
