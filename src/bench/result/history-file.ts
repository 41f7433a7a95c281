import { z } from 'zod';
import { readJson, readTextIfExists, writeJsonAtomic } from './json-file.js';
import { parseVersioned, type SchemaVersions } from './parse-file.js';
import { verdictStatuses } from './verdict-schema.js';
import { metricNames } from '../compare/metric-names.js';

/** A year of nights: enough for change-point detection to see a slow creep and what came before it. */
export const defaultRetentionDays = 365;
const dayMs = 86_400_000;

const historyV3EntrySchema = z.object({
  /** When the run was measured (ISO 8601); the file is trimmed by it. */
  timestamp: z.iso.datetime({ offset: true }),
  git_commit: z.string().nullable(),
  scenario: z.string().nullable(),
  /** compare's verdict of the run. */
  status: z.enum(verdictStatuses),
  /** The run's value of every metric compare reported (metric name to value). */
  metrics: z.partialRecord(z.enum(metricNames), z.number().nullable()),
});

const historyEntrySchema = historyV3EntrySchema.extend({
  /**
   * The run's load, every setting compare requires to match (`api=chat stream=false ...`); null when not recorded
   * (before version 4). Change points are looked for only since a scenario's load last changed.
   */
  load: z.string().nullable(),
});

export const historySchemaVersion = 4;

export const historySchema = z.object({
  schema_version: z.literal(historySchemaVersion),
  /** Runs older than this many days before the newest one are dropped on every append. */
  retention_days: z.number().int().positive(),
  runs: z.array(historyEntrySchema),
}).meta({
  title: 'llm-bench history',
  description: 'Written by llm-bench compare --history, read by llm-bench history: every run of the last retention_days, oldest first.',
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
type HistoryFile = z.infer<typeof historySchema>;

const historyV3Schema = z.object({
  schema_version: z.literal(3),
  retention_days: z.number().int().positive(),
  runs: z.array(historyV3EntrySchema),
});

/** Version 2 kept the last N runs (30 by default), with free-form metric names, statuses and timestamps. */
const historyV2Schema = z.object({
  schema_version: z.literal(2),
  runs: z.array(z.object({
    timestamp: z.string(),
    git_commit: z.string().nullable(),
    scenario: z.string().nullable(),
    status: z.string(),
    metrics: z.record(z.string(), z.number().nullable()),
  })),
});

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

const isMetricName = (name: string): name is typeof metricNames[number] => (metricNames as readonly string[]).includes(name);
const isStatus = (status: string): status is HistoryEntry['status'] => (verdictStatuses as readonly string[]).includes(status);

/**
 * A version 2 run in the current terms, its load not recorded. A run without a readable time cannot be placed
 * in a window of days and is dropped (llm-bench always wrote ISO times); a metric or status name llm-bench never
 * wrote is left out.
 */
function migrateRun(run: z.infer<typeof historyV2Schema>['runs'][number]): HistoryEntry[] {
  const time = Date.parse(run.timestamp);
  if (Number.isNaN(time)) return [];
  return [{
    timestamp: new Date(time).toISOString(),
    git_commit: run.git_commit,
    scenario: run.scenario,
    status: isStatus(run.status) ? run.status : 'pass',
    metrics: Object.fromEntries(Object.entries(run.metrics).filter(([name]) => isMetricName(name))),
    load: null,
  }];
}

function migrateV2(history: z.infer<typeof historyV2Schema>): HistoryFile {
  return { schema_version: historySchemaVersion, retention_days: defaultRetentionDays, runs: history.runs.flatMap(migrateRun) };
}

function migrateV1(history: z.infer<typeof historyV1Schema>): HistoryFile {
  return migrateV2({
    schema_version: 2,
    runs: history.runs.map((run) => ({
      timestamp: run.timestamp,
      git_commit: run.git_commit,
      scenario: null,
      status: run.status,
      metrics: { p50_latency: run.p50_ms, p95_latency: run.p95_ms, throughput: run.throughput_rps, error_rate: run.error_rate },
    })),
  });
}

function migrateV3(history: z.infer<typeof historyV3Schema>): HistoryFile {
  return { ...history, schema_version: historySchemaVersion, runs: history.runs.map((run) => ({ ...run, load: null })) };
}

export const historyVersions: SchemaVersions<HistoryFile> = {
  1: historyV1Schema.transform(migrateV1),
  2: historyV2Schema.transform(migrateV2),
  3: historyV3Schema.transform(migrateV3),
  4: historySchema,
};

/** The runs of an existing history file; a missing or malformed one is a BenchInputError (exit 2). */
export async function readExistingHistory(file: string): Promise<HistoryEntry[]> {
  return parseVersioned(historyVersions, file, 'a bench history', await readJson(file)).runs;
}

/** The runs recorded so far; none when the file does not exist yet. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  return await readTextIfExists(file) === undefined ? [] : readExistingHistory(file);
}

/**
 * The runs measured within `days` of the newest one. Trimmed by age, not by
 * count: reruns, dispatches and skipped nights make a count cover more or less
 * than the year the change-point detection is promised.
 */
export function keepRecentRuns(runs: readonly HistoryEntry[], days: number): HistoryEntry[] {
  const newest = Math.max(...runs.map((run) => Date.parse(run.timestamp)));
  return runs.filter((run) => Date.parse(run.timestamp) >= newest - days * dayMs);
}

/** Appends `entry` and keeps the runs of the last `days` days. */
export async function appendHistory(file: string, entry: HistoryEntry, days: number): Promise<HistoryEntry[]> {
  const runs = keepRecentRuns([...await readHistory(file), entry], days);
  await writeJsonAtomic(file, { schema_version: historySchemaVersion, retention_days: days, runs } satisfies HistoryFile);
  return runs;
}

/** Each value replaced by the mean of its segment between change points: the levels the chart draws as a step line. */
function segmentMeans(points: readonly number[], changeIndices: readonly number[]): number[] {
  const bounds = [0, ...[...changeIndices].sort((a, b) => a - b), points.length];
  return bounds.slice(1).flatMap((end, segment) => {
    const part = points.slice(bounds[segment], end);
    const mean = part.reduce((sum, value) => sum + value, 0) / part.length;
    return part.map(() => mean);
  });
}

/**
 * A Mermaid xychart of one metric over the recorded runs of one scenario,
 * oldest first. Each index in `changeIndices` (the first run after a change
 * point) gets a ▲ before its label, and a second line draws the mean of each
 * segment, so the step shows as a step.
 */
export function formatHistoryChart(runs: readonly HistoryEntry[], metric: string, changeIndices: readonly number[] = []): string {
  const points = runs.map((run) => run.metrics[metric as keyof HistoryEntry['metrics']] ?? 0);
  const marked = new Set(changeIndices);
  const labels = runs.map((run, index) => `"${marked.has(index) ? '▲ ' : ''}${run.git_commit?.slice(0, 7) ?? run.timestamp.slice(5, 16)}"`);
  const format = (values: readonly number[]) => `[${values.map((value) => value.toFixed(2)).join(', ')}]`;
  const title = marked.size === 0 ? `${metric}, last ${runs.length} runs` : `${metric}, last ${runs.length} runs, ${marked.size} change point(s) at ▲`;
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "${metric}"`,
    `  line ${format(points)}`,
    ...(marked.size === 0 ? [] : [`  line ${format(segmentMeans(points, [...marked]))}`]),
    '```',
    '',
  ].join('\n');
}
