/**
 * Finds what a workflow's `run:` scripts and steps name (npm scripts, projen
 * tasks, bins, repository files) and checks each against the project, so a
 * renamed task fails `npm test` instead of the first run on GitHub.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

/** The `--help` a flag of one of the package's own bins is looked up in, run from source. */
interface HelpCommand {
  readonly key: string;
  /** The source file (`lib/x.js` -> `src/x.ts`) and the subcommand. */
  readonly args: readonly string[];
  readonly flag: string;
}

export interface InventoryOptions {
  /**
   * Whether to look a flag of the package's own bins up in its `--help`
   * (default). A scratch copy of a project whose bins are checked already may
   * leave it out: each `--help` takes about a second.
   */
  readonly ownFlags?: boolean;
}

/**
 * The names a project offers, read from package.json, .projen/tasks.json,
 * node_modules and the file tree. A flag of one of the package's own bins is
 * looked up in that command's `--help`, run from source (`lib/x.js` -> `src/x.ts`).
 */
export class ProjectInventory {
  private readonly names: Record<ReferenceKind, (name: string) => boolean>;
  private readonly ownBins: Record<string, string>;
  private readonly helpTexts = new Map<string, string>();

  constructor(private readonly root: string, options: InventoryOptions = {}) {
    const pkg = readJson<PackageJson>(join(root, 'package.json'));
    const tasks = readJson<{ tasks: Record<string, unknown> }>(join(root, '.projen', 'tasks.json')).tasks;
    const dependencyBins = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
      .flatMap((dependency) => binNames(readJson<PackageJson>(join(root, 'node_modules', dependency, 'package.json'))));
    const bins = new Set([...binNames(pkg), ...dependencyBins]);
    const generated = new Set<string>(Object.values(runtimeFiles));
    this.ownBins = options.ownFlags === false || typeof pkg.bin !== 'object' ? {} : pkg.bin;
    this.names = {
      'npm script': (name) => pkg.scripts?.[name] !== undefined,
      'projen task': (name) => tasks[name] !== undefined,
      'bin': (name) => bins.has(name),
      'flag': (name) => {
        const command = this.helpCommandOf(name);
        if (command === undefined) return true;
        return new RegExp(`(^|[\\s,])${escapeRegExp(command.flag)}([\\s,]|$)`, 'm').test(this.helpOf(command));
      },
      'file': (name) => generated.has(name) || existsSync(join(root, name)),
    };
  }

  /** `llm-bench compare --json`: the `--help` that must list `--json`, when `llm-bench` is one of the package's own bins. */
  private helpCommandOf(name: string): HelpCommand | undefined {
    const words = name.split(' ');
    const flag = words.pop() ?? '';
    const entry = this.ownBins[words[0]!];
    if (entry === undefined) return undefined;
    const args = [entry.replace(/^lib\//, 'src/').replace(/\.js$/, '.ts'), ...words.slice(1)];
    return { key: args.join(' '), args, flag };
  }

  private helpOf(command: HelpCommand): string {
    let help = this.helpTexts.get(command.key);
    if (help === undefined) {
      help = existsSync(join(this.root, command.args[0]!))
        ? execFileSync(process.execPath, ['--import', 'tsx', ...command.args, '--help'], { cwd: this.root, encoding: 'utf8' })
        : '';
      this.helpTexts.set(command.key, help);
    }
    return help;
  }

  /**
   * Runs the `--help` commands these references' flags are looked up in side
   * by side, ahead of `has`: one after the other they take seconds.
   */
  async loadHelp(references: readonly Reference[]): Promise<void> {
    const commands = new Map(references.flatMap((reference) => {
      const command = reference.kind === 'flag' ? this.helpCommandOf(reference.name) : undefined;
      const needed = command !== undefined && !this.helpTexts.has(command.key) && existsSync(join(this.root, command.args[0]!));
      return needed ? [[command.key, command] as const] : [];
    }));
    await Promise.all([...commands.values()].map(async (command) => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', ...command.args, '--help'], { cwd: this.root, encoding: 'utf8' });
      this.helpTexts.set(command.key, stdout);
    }));
  }

  has(reference: Reference): boolean {
    return this.names[reference.kind](reference.name);
  }
}
