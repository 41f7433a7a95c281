import type { z } from 'zod';
import { BenchInputError } from '../bench-input-error.js';

/** Every version of a file format a reader accepts: the current schema and each older one piped into a migration. */
export type SchemaVersions<T> = Readonly<Record<number, z.ZodType<T, unknown>>>;

/** The first problem zod found, as `'path': message`, for one-line CLI errors. */
function describeIssue(error: z.ZodError): string {
  const [issue] = error.issues;
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path ? `'${path}': ${issue.message}` : issue.message;
}

function versionOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { schema_version?: unknown }).schema_version : undefined;
}

/**
 * Parses `value` with the schema of its `schema_version`, migrating older
 * versions to the current one; a mismatch is a BenchInputError naming the file.
 */
export function parseVersioned<T>(versions: SchemaVersions<T>, file: string, what: string, value: unknown): T {
  const version = versionOf(value);
  const schema = typeof version === 'number' ? versions[version] : undefined;
  if (schema === undefined) {
    const known = Object.keys(versions).join(', ');
    throw new BenchInputError(file, `not ${what}: 'schema_version' must be one of ${known} (got ${JSON.stringify(version) ?? 'nothing'})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BenchInputError(file, `not ${what}: ${describeIssue(parsed.error)}`);
  return parsed.data;
}
