import { z } from 'zod';
import { limitOptions, type LimitConfig } from '../../src/bench/compare/compare-options.js';

/** The gate's limits in percent: the `--*-pct` flags `llm-bench compare` and `ab` judge by. */
export type GateLimitName = Extract<keyof LimitConfig, `${string}Pct`>;

/** Each limit's type is its flag's, derived from the option schema the CLI parses (ConfigOf), so the two cannot drift. */
export type GateLimits = { readonly [K in GateLimitName]: LimitConfig[K] };

export const gateLimitNames = Object.keys(limitOptions).filter((key): key is GateLimitName => key.endsWith('Pct'));

/** A limit is valid when the CLI would accept it as its flag's value. */
function limitSchema(name: GateLimitName) {
  const spec = limitOptions[name];
  return z.number()
    .refine((value) => spec.parse(String(value)) !== undefined, {
      error: (issue) => `${String(issue.input)} is invalid: expected ${spec.allowed} (llm-bench's --${spec.flag})`,
    })
    .optional();
}

const limitsShape = Object.fromEntries(gateLimitNames.map((name) => [name, limitSchema(name)])) as {
  [K in GateLimitName]: ReturnType<typeof limitSchema>;
};

/**
 * The limits a user sets, over the CLI's defaults. Every limit with a value
 * is written out as a flag of the workflows' compare and ab calls, so a
 * change of the CLI's defaults shows in the generated YAML, never moving the
 * gate unseen.
 */
export const gateLimitsSchema = z.strictObject(limitsShape).prefault({}).transform((given): GateLimits => {
  const limits = Object.fromEntries(gateLimitNames.map((name) => [name, given[name] ?? limitOptions[name].defaultValue]));
  return limits as GateLimits;
});

/** `--fail-p95-pct 20 --warn-p95-pct 10 ...`: the limits as the CLI's flags, in the option schema's order. */
export function gateLimitFlags(limits: GateLimits): string {
  return gateLimitNames.filter((name) => limits[name] !== undefined)
    .map((name) => `--${limitOptions[name].flag} ${limits[name]}`).join(' ');
}
