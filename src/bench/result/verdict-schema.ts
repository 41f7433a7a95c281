import { z } from 'zod';
import type { SchemaVersions } from './parse-file.js';
import { metricNames } from '../compare/metric-names.js';

export const verdictStatuses = ['pass', 'warn', 'fail', 'inconclusive', 'skipped'] as const;

const metricComparisonSchema = z.object({
  metric: z.enum(metricNames),
  baseline: z.number().nullable(),
  current: z.number().nullable(),
  change: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  verdict: z.enum(['pass', 'warn', 'fail', 'inconclusive']),
  reason: z.string(),
});

export const verdictSchemaVersion = 2;

/**
 * `llm-bench compare --json`: the one place pass/fail is decided. The issue
 * command and the workflows read `status` and `failed`; nobody decides again.
 */
export const verdictSchema = z.object({
  schema_version: z.literal(verdictSchemaVersion),
  /** skipped: there was no baseline to compare with (`--allow-missing-baseline`). */
  status: z.enum(verdictStatuses),
  /** True exactly when compare exits 1. */
  failed: z.boolean(),
  /** True when this run may become the baseline: a decided, non-failing verdict. */
  baseline_eligible: z.boolean(),
  scenario: z.string().nullable(),
  summary: z.string(),
  failing_metrics: z.array(z.string()),
  rule: z.enum(['statistical', 'threshold']),
  confidence: z.number(),
  created_at: z.string(),
  baseline_file: z.string(),
  current_file: z.string(),
  metrics: z.array(metricComparisonSchema),
}).meta({ title: 'llm-bench verdict', description: 'Written by llm-bench compare --json; read by llm-bench issue.' });

export type VerdictFile = z.infer<typeof verdictSchema>;
export type VerdictStatus = VerdictFile['status'];

/** Version 1 had no scenario, no baseline eligibility and a pre-rendered table (now rendered from `metrics`). */
const verdictV1Schema = verdictSchema.omit({ baseline_eligible: true, scenario: true }).extend({
  schema_version: z.literal(1),
  table_markdown: z.string().optional(),
});

function migrateV1({ table_markdown: _table, ...verdict }: z.infer<typeof verdictV1Schema>): VerdictFile {
  return {
    ...verdict,
    schema_version: verdictSchemaVersion,
    baseline_eligible: !verdict.failed && verdict.status !== 'inconclusive',
    scenario: null,
  };
}

export const verdictVersions: SchemaVersions<VerdictFile> = { 1: verdictV1Schema.transform(migrateV1), 2: verdictSchema };
