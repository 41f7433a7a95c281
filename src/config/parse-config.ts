import { parseArgs } from 'node:util';
import type { ConfigOf, ConfigSchema, OptionSpec } from './option-types.js';
import { UsageError } from './usage-error.js';

export interface ConfigSources {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** True when the command line asks for help, whatever else it holds. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

function readFlags(schema: ConfigSchema, argv: readonly string[]): Record<string, string | boolean | undefined> {
  const options = Object.fromEntries(
    Object.values(schema).map((spec) => [
      spec.flag,
      { type: spec.takesValue ? 'string' as const : 'boolean' as const, ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(describeArgvError(error));
  }
}

function describeArgvError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const quoted = /'([^']+)'/.exec(String((error as Error).message))?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted}' (see --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `option '${/--[\w-]+/.exec(quoted)?.[0] ?? quoted}' ${quoted.includes('<value>') ? 'needs a value' : 'takes no value'}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}' (see --help)`;
    default:
      return String((error as Error).message);
  }
}

function describeValue(spec: OptionSpec<unknown>, raw: string): string {
  return spec.secret ? '(hidden)' : `'${raw}'`;
}

/**
 * Reads every option of `schema` from flags (first) and the environment, and
 * returns the typed config. Every bad value is reported at once, in one line.
 */
export function parseConfig<S extends ConfigSchema>(schema: S, sources: ConfigSources): ConfigOf<S> {
  const flags = readFlags(schema, sources.argv);
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const flagValue = flags[spec.flag];
    const envValue = spec.env ? sources.env[spec.env] : undefined;
    if (typeof flagValue === 'boolean') {
      config[key] = flagValue;
      continue;
    }
    const [source, raw] = flagValue !== undefined
      ? [`--${spec.flag}`, flagValue]
      : [spec.env ?? '', envValue === '' ? undefined : envValue];
    if (raw === undefined) {
      config[key] = spec.defaultValue;
      continue;
    }
    const value = spec.parse(raw);
    if (value === undefined) {
      problems.push(`${source}=${describeValue(spec, raw)} is invalid: expected ${spec.allowed}`);
    } else {
      config[key] = value;
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return config as ConfigOf<S>;
}
