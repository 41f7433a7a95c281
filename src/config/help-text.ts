import type { ConfigSchema, OptionSpec } from './option-types.js';

export interface HelpText {
  readonly usage: string;
  readonly summary: string;
  readonly schema: ConfigSchema;
}

/** The default as `--help` and the docs show it; empty when there is none worth showing (or it is secret). */
export function describeDefaultValue(spec: OptionSpec<unknown>): string {
  const value = spec.defaultValue;
  if (value === undefined || spec.secret || (Array.isArray(value) && value.length === 0) || value === false) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}

function describeDefault(spec: OptionSpec<unknown>): string {
  const value = describeDefaultValue(spec);
  return value === '' ? '' : `; default ${value}`;
}

/** `-p, --port <value>`: the flag as the command line takes it. */
export function describeFlag(spec: OptionSpec<unknown>): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  return `${short}--${spec.flag}${spec.takesValue ? ' <value>' : ''}`;
}

/** The `--help` text of a command: usage, summary, then one block per option. */
export function formatHelp(help: HelpText): string {
  const specs = Object.values(help.schema);
  const lines = [`Usage: ${help.usage}`, '', help.summary, '', 'Options:'];
  for (const spec of specs) {
    const env = spec.env ? `  [env ${spec.env}]` : '';
    lines.push(`  ${describeFlag(spec)}${env}`);
    lines.push(`      ${spec.description} (${spec.allowed}${describeDefault(spec)})`);
  }
  lines.push('  -h, --help', '      Show this help and exit');
  return `${lines.join('\n')}\n`;
}
