import { InvalidRequestError } from './errors.js';
import type { JsonObject } from './request-fields.js';

interface NumericParam {
  readonly integer: boolean;
  readonly min?: number;
  readonly max?: number;
}

const integer = (min?: number, max?: number): NumericParam => ({ integer: true, min, max });
const real = (min?: number, max?: number): NumericParam => ({ integer: false, min, max });

/**
 * The numeric request fields of OpenAI's completion APIs and vLLM's sampling
 * extensions, with the bounds both document. OpenAI's bounds win where they
 * differ (temperature 0-2): this is an OpenAI-compatible API.
 */
const numericParams: Readonly<Record<string, NumericParam>> = {
  max_tokens: integer(1),
  max_completion_tokens: integer(1),
  temperature: real(0, 2),
  top_p: real(0, 1),
  n: integer(1, 128),
  seed: integer(),
  presence_penalty: real(-2, 2),
  frequency_penalty: real(-2, 2),
  top_logprobs: integer(0, 20),
  best_of: integer(1, 128),
  top_k: integer(-1),
  min_p: real(0, 1),
  repetition_penalty: real(0),
};

function describe(param: NumericParam): string {
  const kind = param.integer ? 'an integer' : 'a number';
  if (param.min !== undefined && param.max !== undefined) return `${kind} between ${param.min} and ${param.max}`;
  if (param.min !== undefined) return `${kind} >= ${param.min}`;
  return param.max === undefined ? `a finite ${kind.slice(kind.indexOf(' ') + 1)}` : `${kind} <= ${param.max}`;
}

function isValid(value: number, param: NumericParam): boolean {
  if (param.integer ? !Number.isSafeInteger(value) : !Number.isFinite(value)) return false;
  return (param.min === undefined || value >= param.min) && (param.max === undefined || value <= param.max);
}

/**
 * Range-checks every known numeric field of a request body: a number that is
 * not finite (`1e400` parses as Infinity), not an integer where one is due,
 * or out of bounds is a 400 naming the field. `null` counts as absent, as in
 * OpenAI's API; other types are left to the field's own reader.
 */
export function checkNumericParams(body: JsonObject): void {
  for (const name in numericParams) {
    const value = body[name];
    if (typeof value !== 'number') continue;
    const param = numericParams[name]!;
    if (!isValid(value, param)) throw new InvalidRequestError(`'${name}' must be ${describe(param)}.`, name);
  }
}
