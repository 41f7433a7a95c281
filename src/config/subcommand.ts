import { UsageError } from './usage-error.js';

export interface SubcommandCall<C extends string> {
  /** Undefined when the command line asks only for the top-level help. */
  readonly command: C | undefined;
  readonly argv: readonly string[];
}

/**
 * Splits `tool <command> [options]` into the command and its own options.
 * An unknown or missing command is a UsageError naming the allowed ones.
 */
export function splitSubcommand<const C extends readonly string[]>(
  argv: readonly string[],
  commands: C,
): SubcommandCall<C[number]> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { command: undefined, argv: rest };
  const command = commands.find((name) => name === first);
  if (command === undefined) {
    throw new UsageError(`unknown command '${first}': expected one of ${commands.join(', ')}`);
  }
  return { command, argv: rest };
}
