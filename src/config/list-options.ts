import type { OptionBase, OptionSpec } from './option-types.js';

function splitList(raw: string): string[] {
  return raw.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Comma-separated non-empty strings, e.g. model ids; duplicates are dropped. */
export function stringListOption(options: OptionBase & { readonly default: readonly string[] }): OptionSpec<string[]> {
  const { default: defaultValue, ...base } = options;
  return {
    ...base,
    takesValue: true,
    allowed: 'comma-separated names',
    defaultValue: [...defaultValue],
    parse: (raw) => {
      const items = [...new Set(splitList(raw))];
      return items.length > 0 ? items : undefined;
    },
  };
}

/** Comma-separated values, each one of `choices`; duplicates are dropped. */
export function choiceListOption<const C extends readonly string[]>(
  options: OptionBase & { readonly choices: C; readonly default: readonly C[number][] },
): OptionSpec<C[number][]> {
  const { choices, default: defaultValue, ...base } = options;
  return {
    ...base,
    takesValue: true,
    allowed: `comma-separated, each one of ${choices.join(', ')}`,
    defaultValue: [...defaultValue],
    parse: (raw) => {
      const items = [...new Set(splitList(raw))];
      if (items.length === 0 || !items.every((item) => choices.includes(item))) return undefined;
      return items as C[number][];
    },
  };
}
