import { z } from 'zod';
import { verdictSchema } from './verdict-schema.js';
import { metricNames } from '../compare/metric-names.js';

export const changePointSchema = z.object({
  scenario: z.string().nullable(),
  metric: z.enum(metricNames),
  /** Runs of this scenario with a value of this metric from the change on, the first run after it included. */
  nights_after: z.number().int().positive(),
  /** The last run before the change and the first run after it: the suspect commit range. */
  commit_before: z.string().nullable(),
  commit_after: z.string().nullable(),
  timestamp_before: z.string(),
  timestamp_after: z.string(),
  /** Means of the segments on either side (up to the neighbouring change points). */
  mean_before: z.number(),
  mean_after: z.number(),
  /** mean_after / mean_before - 1; null when mean_before is 0. */
  change: z.number().nullable(),
  /** Permutation p-value of the split. */
  p_value: z.number().min(0).max(1),
  direction: z.enum(['regression', 'improvement']),
  verdict: z.enum(['pass', 'warn', 'fail']),
  reason: z.string(),
});

export type ChangePoint = z.infer<typeof changePointSchema>;

/**
 * `llm-bench history --json`: a compare verdict, so `llm-bench issue` and the
 * workflows read its `status` and `failed` as they read compare's (decided
 * once, here), plus every change point found, older ones included.
 */
export const historyVerdictSchema = verdictSchema.extend({
  change_points: z.array(changePointSchema),
}).meta({ title: 'llm-bench history verdict', description: 'Written by llm-bench history --json; read by llm-bench issue as a compare verdict.' });

export type HistoryVerdict = z.infer<typeof historyVerdictSchema>;
