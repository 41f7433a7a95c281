/**
 * Typed option builders. Each option is read from a long flag and, when it
 * names one, an environment variable; the parsed config's type is derived
 * from the schema, so the two cannot drift apart.
 */
export interface OptionBase {
  /** Long flag without the leading dashes, e.g. `port` for `--port`. */
  readonly flag: string;
  readonly short?: string;
  readonly env?: string;
  readonly description: string;
  /** Never echo the value in errors or help (API keys, tokens). */
  readonly secret?: boolean;
}

export interface OptionSpec<T> extends OptionBase {
  /** False for switches such as `--stream`, which take no value on the command line. */
  readonly takesValue: boolean;
  /** What a valid value looks like, for errors and `--help`. */
  readonly allowed: string;
  readonly defaultValue: T;
  /** Returns undefined when `raw` is not a valid value. */
  parse(raw: string): T | undefined;
}

export type ConfigSchema = Record<string, OptionSpec<unknown>>;

export type ConfigOf<S extends ConfigSchema> = {
  -readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never;
};

interface RangeOptions<D> extends OptionBase {
  readonly default: D;
  readonly min?: number;
  readonly max?: number;
}

function describeRange(kind: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} >= ${min}`;
  if (max !== undefined) return `${kind} <= ${max}`;
  return kind;
}

function inRange(value: number, min?: number, max?: number): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

function numeric<D extends number | undefined>(
  options: RangeOptions<D>,
  kind: string,
  pattern: RegExp,
): OptionSpec<number | D> {
  const { default: defaultValue, min, max, ...base } = options;
  return {
    ...base,
    takesValue: true,
    allowed: describeRange(kind, min, max),
    defaultValue,
    parse: (raw) => {
      if (!pattern.test(raw.trim())) return undefined;
      const value = Number(raw);
      return Number.isFinite(value) && inRange(value, min, max) ? value : undefined;
    },
  };
}

export function integerOption<D extends number | undefined>(options: RangeOptions<D>): OptionSpec<number | D> {
  return numeric(options, 'an integer', /^[+-]?\d+$/);
}

export function numberOption<D extends number | undefined>(options: RangeOptions<D>): OptionSpec<number | D> {
  return numeric(options, 'a number', /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i);
}

const maxDurationMs = 86_400_000;

/** A duration in whole milliseconds, from `min` up to one day. */
export function msOption(flag: string, env: string, description: string, defaultValue: number, min: number): OptionSpec<number> {
  const spec = integerOption({ flag, env, description, default: defaultValue, min, max: maxDurationMs });
  return { ...spec, allowed: `milliseconds, an integer from ${min} to ${maxDurationMs}` };
}

const maxSizeBytes = 1024 * 1024 * 1024;

/** A size limit in bytes, from 1 byte up to 1 GiB. */
export function bytesOption(flag: string, env: string, description: string, defaultValue: number): OptionSpec<number> {
  const spec = integerOption({ flag, env, description, default: defaultValue, min: 1, max: maxSizeBytes });
  return { ...spec, allowed: `bytes, an integer from 1 to ${maxSizeBytes}` };
}

/** The listen backlog; 4096 is Linux's default cap (net.core.somaxconn), where Node's 511 drops bursts of thousands of streams. */
export function backlogOption(env: string): OptionSpec<number> {
  const description = 'Connections the kernel may queue before the server accepts them (Linux caps it at net.core.somaxconn)';
  return integerOption({ flag: 'listen-backlog', env, description, default: 4096, min: 1, max: 65535 });
}

export function portOption(options: OptionBase & { readonly default: number }): OptionSpec<number> {
  return integerOption({ ...options, min: 0, max: 65535 });
}

export function choiceOption<const C extends readonly string[], D extends C[number] | undefined = C[number]>(
  options: OptionBase & { readonly choices: C; readonly default: D },
): OptionSpec<C[number] | D> {
  const { choices, default: defaultValue, ...base } = options;
  return {
    ...base,
    takesValue: true,
    allowed: `one of ${choices.join(', ')}`,
    defaultValue,
    parse: (raw) => choices.find((choice) => choice === raw),
  };
}

export function stringOption<D extends string | undefined>(
  options: OptionBase & { readonly default: D },
): OptionSpec<string | D> {
  const { default: defaultValue, ...base } = options;
  return {
    ...base,
    takesValue: true,
    allowed: 'a non-empty string',
    defaultValue,
    parse: (raw) => (raw.length > 0 ? raw : undefined),
  };
}

const trueWords = new Set(['1', 'true', 'yes', 'on']);
const falseWords = new Set(['0', 'false', 'no', 'off']);

/** A switch: `--flag` on the command line, true/false/1/0/yes/no/on/off in the environment. */
export function booleanOption(options: OptionBase & { readonly default?: boolean }): OptionSpec<boolean> {
  const { default: defaultValue = false, ...base } = options;
  return {
    ...base,
    takesValue: false,
    allowed: 'true or false',
    defaultValue,
    parse: (raw) => {
      const word = raw.trim().toLowerCase();
      if (trueWords.has(word)) return true;
      if (falseWords.has(word)) return false;
      return undefined;
    },
  };
}

function parseHttpUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** An http(s) base URL, normalised without a trailing slash. */
export function urlOption<D extends string | undefined>(options: OptionBase & { readonly default: D }): OptionSpec<string | D> {
  const { default: defaultValue, ...base } = options;
  return { ...base, takesValue: true, allowed: 'an http(s) URL', defaultValue, parse: parseHttpUrl };
}

/** Comma-separated http(s) base URLs; the default is an empty list. */
export function urlListOption(options: OptionBase): OptionSpec<string[]> {
  return {
    ...options,
    takesValue: true,
    allowed: 'comma-separated http(s) URLs',
    defaultValue: [],
    parse: (raw) => {
      const urls = raw.split(',').map((part) => part.trim()).filter((part) => part.length > 0).map(parseHttpUrl);
      if (urls.length === 0 || urls.some((url) => url === undefined)) return undefined;
      return urls as string[];
    },
  };
}
