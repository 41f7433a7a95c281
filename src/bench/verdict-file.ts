import { BenchInputError } from './bench-input-error.js';
import type { CompareRuleKind, MetricComparison, Verdict } from './compare-rules.js';

/** `skipped`: there was no baseline to compare with (`--allow-missing-baseline`). */
export type VerdictStatus = Verdict | 'skipped';

export interface VerdictFile {
  readonly schema_version: 1;
  readonly status: VerdictStatus;
  /** True exactly when compare exits 1. */
  readonly failed: boolean;
  readonly summary: string;
  readonly failing_metrics: string[];
  readonly rule: CompareRuleKind;
  readonly confidence: number;
  readonly created_at: string;
  readonly baseline_file: string;
  readonly current_file: string;
  readonly metrics: MetricComparison[];
  readonly table_markdown: string;
}

const statuses = new Set<string>(['pass', 'warn', 'fail', 'inconclusive', 'skipped']);

/** Checks a parsed verdict file has what `issue` needs; the problem names the file. */
export function parseVerdictFile(file: string, value: unknown): VerdictFile {
  const fail = (problem: string): never => { throw new BenchInputError(file, `not a compare verdict: ${problem}`); };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a JSON object');
  const verdict = value as Record<string, unknown>;
  if (typeof verdict.status !== 'string' || !statuses.has(verdict.status)) return fail("'status' must be pass, warn, fail, inconclusive or skipped");
  if (typeof verdict.failed !== 'boolean') return fail("'failed' must be true or false");
  if (typeof verdict.summary !== 'string') return fail("'summary' must be a string");
  if (typeof verdict.table_markdown !== 'string') return fail("'table_markdown' must be a string");
  if (!Array.isArray(verdict.failing_metrics) || !verdict.failing_metrics.every((name) => typeof name === 'string')) {
    return fail("'failing_metrics' must be a list of metric names");
  }
  return value as VerdictFile;
}
