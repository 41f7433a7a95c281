import { z } from 'zod';
import type { SchemaVersions } from './parse-file.js';
import { metricNames } from '../compare/metric-names.js';

export const verdictStatuses = ['pass', 'warn', 'fail', 'inconclusive', 'skipped'] as const;

/** compare: two result files; ab: two targets measured in interleaved rounds; history: change points over the nights. */
export const verdictMethods = ['compare', 'ab', 'history'] as const;

const metricComparisonSchema = z.object({
  metric: z.enum(metricNames),
  baseline: z.number().nullable(),
  current: z.number().nullable(),
  change: z.number().nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
  verdict: z.enum(['pass', 'warn', 'fail', 'inconclusive']),
  reason: z.string(),
});

export const verdictSchemaVersion = 3;

/**
 * `llm-bench compare --json` and `llm-bench ab --json`: the one place pass/fail
 * is decided. The issue command and the workflows read `status` and `failed`;
 * nobody decides again.
 */
export const verdictSchema = z.object({
  schema_version: z.literal(verdictSchemaVersion),
  method: z.enum(verdictMethods),
  /** skipped: there was no baseline to compare with (`--allow-missing-baseline`), or only one of another load (`--replace-unlike-baseline`). */
  status: z.enum(verdictStatuses),
  /** True exactly when the command exits 1. */
  failed: z.boolean(),
  /** True when this run may become the baseline: a decided, non-failing verdict. */
  baseline_eligible: z.boolean(),
  scenario: z.string().nullable(),
  summary: z.string(),
  failing_metrics: z.array(z.string()),
  rule: z.enum(['statistical', 'threshold']),
  confidence: z.number(),
  created_at: z.string(),
  /** compare: the baseline's result file; ab: the baseline target's URL. */
  baseline: z.string(),
  /** compare: the current result file; ab: the URL of the target under test. */
  current: z.string(),
  /** ab: the paired rounds the verdict rests on; null for compare. */
  rounds: z.number().int().positive().nullable(),
  metrics: z.array(metricComparisonSchema),
}).meta({ title: 'llm-bench verdict', description: 'Written by llm-bench compare --json and llm-bench ab --json; read by llm-bench issue.' });

export type VerdictFile = z.infer<typeof verdictSchema>;
export type VerdictStatus = VerdictFile['status'];
export type VerdictMethod = VerdictFile['method'];

/** Version 2 (compare only): the compared files as `baseline_file` and `current_file`. */
const verdictV2Schema = verdictSchema.omit({ method: true, baseline: true, current: true, rounds: true }).extend({
  schema_version: z.literal(2),
  baseline_file: z.string(),
  current_file: z.string(),
});

type VerdictV2 = z.infer<typeof verdictV2Schema>;

function migrateV2({ baseline_file: baseline, current_file: current, ...verdict }: VerdictV2): VerdictFile {
  return { ...verdict, schema_version: verdictSchemaVersion, method: 'compare', baseline, current, rounds: null };
}

/** Version 1 had no scenario, no baseline eligibility and a pre-rendered table (now rendered from `metrics`). */
const verdictV1Schema = verdictV2Schema.omit({ baseline_eligible: true, scenario: true }).extend({
  schema_version: z.literal(1),
  table_markdown: z.string().optional(),
});

function migrateV1({ table_markdown: _table, ...verdict }: z.infer<typeof verdictV1Schema>): VerdictV2 {
  return {
    ...verdict,
    schema_version: 2,
    baseline_eligible: !verdict.failed && verdict.status !== 'inconclusive',
    scenario: null,
  };
}

export const verdictVersions: SchemaVersions<VerdictFile> = {
  1: verdictV1Schema.transform((verdict) => migrateV2(migrateV1(verdict))),
  2: verdictV2Schema.transform(migrateV2),
  3: verdictSchema,
};
