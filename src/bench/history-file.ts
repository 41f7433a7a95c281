import { BenchInputError } from './bench-input-error.js';
import { readTextIfExists, writeJsonAtomic } from './json-file.js';

export interface HistoryEntry {
  readonly timestamp: string;
  readonly git_commit: string | null;
  readonly p50_ms: number | null;
  readonly p95_ms: number | null;
  readonly p99_ms: number | null;
  readonly throughput_rps: number;
  readonly error_rate: number;
  readonly status: string;
}

interface HistoryFile {
  readonly schema_version: 1;
  readonly runs: HistoryEntry[];
}

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
  const runs = (value as Partial<HistoryFile> | null)?.runs;
  if (!Array.isArray(runs) || !runs.every((run) => typeof run === 'object' && run !== null && typeof run.timestamp === 'string')) {
    throw new BenchInputError(file, 'not a bench history: expected {"runs": [...]} with a timestamp per run');
  }
  return runs;
}

/** Appends `entry` and keeps the last `limit` runs. */
export async function appendHistory(file: string, entry: HistoryEntry, limit: number): Promise<HistoryEntry[]> {
  const runs = [...await readHistory(file), entry].slice(-limit);
  await writeJsonAtomic(file, { schema_version: 1, runs } satisfies HistoryFile);
  return runs;
}

/** A Mermaid xychart of p95 latency over the recorded runs, oldest first. */
export function formatHistoryChart(runs: readonly HistoryEntry[]): string {
  const points = runs.map((run) => run.p95_ms ?? 0);
  const labels = runs.map((run) => `"${run.git_commit?.slice(0, 7) ?? run.timestamp.slice(5, 16)}"`);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "p95 latency (ms), last ${runs.length} runs"`,
    `  x-axis [${labels.join(', ')}]`,
    '  y-axis "p95 (ms)"',
    `  line [${points.map((point) => point.toFixed(2)).join(', ')}]`,
    '```',
    '',
  ].join('\n');
}
