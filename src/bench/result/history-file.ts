import { z } from 'zod';
import { readTextIfExists, writeJsonAtomic } from './json-file.js';
import { parseVersioned, type SchemaVersions } from './parse-file.js';
import { BenchInputError } from '../bench-input-error.js';

const historyEntrySchema = z.object({
  timestamp: z.string(),
  git_commit: z.string().nullable(),
  scenario: z.string().nullable(),
  status: z.string(),
  /** The current value of every compared metric (metric name to value). */
  metrics: z.record(z.string(), z.number().nullable()),
});

export const historySchemaVersion = 2;

export const historySchema = z.object({
  schema_version: z.literal(historySchemaVersion),
  runs: z.array(historyEntrySchema),
}).meta({ title: 'llm-bench history', description: 'Written by llm-bench compare --history: the last runs, oldest first.' });

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const historyV1Schema = z.object({
  schema_version: z.literal(1),
  runs: z.array(z.object({
    timestamp: z.string(),
    git_commit: z.string().nullable(),
    p50_ms: z.number().nullable(),
    p95_ms: z.number().nullable(),
    throughput_rps: z.number(),
    error_rate: z.number(),
    status: z.string(),
  })),
});

function migrateV1(history: z.infer<typeof historyV1Schema>): z.infer<typeof historySchema> {
  return {
    schema_version: historySchemaVersion,
    runs: history.runs.map((run) => ({
      timestamp: run.timestamp,
      git_commit: run.git_commit,
      scenario: null,
      status: run.status,
      metrics: { p50_latency: run.p50_ms, p95_latency: run.p95_ms, throughput: run.throughput_rps, error_rate: run.error_rate },
    })),
  };
}

export const historyVersions: SchemaVersions<z.infer<typeof historySchema>> = { 1: historyV1Schema.transform(migrateV1), 2: historySchema };

/** The runs recorded so far; none when the file does not exist yet. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  const text = await readTextIfExists(file);
  if (text === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BenchInputError(file, 'not valid JSON');
  }
  return parseVersioned(historyVersions, file, 'a bench history', value).runs;
}

/** Appends `entry` and keeps the last `limit` runs. */
export async function appendHistory(file: string, entry: HistoryEntry, limit: number): Promise<HistoryEntry[]> {
  const runs = [...await readHistory(file), entry].slice(-limit);
  await writeJsonAtomic(file, { schema_version: historySchemaVersion, runs } satisfies z.infer<typeof historySchema>);
  return runs;
}

/** A Mermaid xychart of one metric over the recorded runs of one scenario, oldest first. */
export function formatHistoryChart(runs: readonly HistoryEntry[], metric: string): string {
  const points = runs.map((run) => run.metrics[metric] ?? 0);
  const labels = runs.map((run) => `"${run.git_commit?.slice(0, 7) ?? run.timestamp.slice(5, 16)}"`);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${metric}, last ${runs.length} runs"`,
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "${metric}"`,
    `  line [${points.map((point) => point.toFixed(2)).join(', ')}]`,
    '```',
    '',
  ].join('\n');
}
