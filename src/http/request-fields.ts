import { InvalidRequestError } from './errors.js';

/**
 * Readers for fields of a parsed JSON request. Each returns the typed value
 * or throws a 400 whose `param` names the field, in OpenAI's wording.
 */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body itself must be a JSON object. */
export function expectJsonObject(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new InvalidRequestError('The request body must be a JSON object.');
  return value;
}

function fail(param: string, expected: string): never {
  throw new InvalidRequestError(`'${param}' must be ${expected}.`, param);
}

export function requireString(body: JsonObject, param: string): string {
  const value = body[param];
  if (value === undefined || value === null) throw new InvalidRequestError(`'${param}' is a required property.`, param);
  if (typeof value !== 'string' || value.length === 0) fail(param, 'a non-empty string');
  return value;
}

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
}

function describeRange(kind: string, range: NumberRange): string {
  if (range.min !== undefined && range.max !== undefined) return `${kind} between ${range.min} and ${range.max}`;
  if (range.min !== undefined) return `${kind} >= ${range.min}`;
  return range.max === undefined ? kind : `${kind} <= ${range.max}`;
}

function inRange(value: number, range: NumberRange): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

/** An optional number; `null` counts as absent, as in OpenAI's API. */
export function optionalNumber(body: JsonObject, param: string, range: NumberRange = {}): number | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, range)) fail(param, describeRange('a number', range));
  return value;
}

export function optionalInteger(body: JsonObject, param: string, range: NumberRange = {}): number | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || !inRange(value, range)) {
    fail(param, describeRange('an integer', range));
  }
  return value;
}

export function optionalBoolean(body: JsonObject, param: string): boolean | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(param, 'a boolean');
  return value;
}

/** An optional nested object; its fields are reported as `parent.field`. */
export function optionalObject(body: JsonObject, param: string): JsonObject | undefined {
  const value = body[param];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) fail(param, 'an object');
  return value;
}
