import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import {
  appendHistory, formatHistoryChart, keepRecentRuns, readExistingHistory, readHistory, type HistoryEntry,
} from '../../../src/bench/result/history-file.js';

const entry = (p95: number, commit: string | null = 'abcdef0123', timestamp = '2026-01-02T03:04:05.000Z'): HistoryEntry => ({
  timestamp, git_commit: commit, scenario: 'overhead', status: 'pass', metrics: { p95_latency: p95, p50_latency: 1 }, load: 'scenario=overhead rate=3000',
});
const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString();

describe('history-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('appends runs and keeps the days asked for, counted back from the newest run', async () => {
    // GIVEN runs on days 0, 200, 364, 365 and 366
    const file = join(dir, 'history.json');
    for (const [p95, n] of [[1, 0], [2, 200], [3, 364], [4, 365], [5, 366]] as const) await appendHistory(file, entry(p95, 'c', day(n)), 365);
    // THEN the run 366 days before the newest is gone, the one 365 days before stays
    expect((await readHistory(file)).map((run) => run.metrics.p95_latency)).to.deep.equal([2, 3, 4, 5]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.include({ schema_version: 4, retention_days: 365 });
    expect(keepRecentRuns([entry(1, 'a', day(0)), entry(2, 'b', day(2))], 1).map((run) => run.git_commit)).to.deep.equal(['b']);
    expect(keepRecentRuns([], 365)).to.deep.equal([]);
  });

  it('migrates a version 2 history (the last 30 runs): times normalized, unknown names left out, unreadable times dropped', async () => {
    const file = join(dir, 'v2.json');
    const run = (timestamp: string, status: string) => ({
      timestamp, git_commit: 'abc', scenario: 'llm', status, metrics: { ttft_p95: 120, p99_latency: 3, throughput: null },
    });
    writeFileSync(file, JSON.stringify({ schema_version: 2, runs: [run('2026-03-04T05:06:07+02:00', 'warn'), run('yesterday', 'pass'), run('2026-03-05T00:00:00Z', 'odd')] }));
    expect(await readHistory(file)).to.deep.equal([
      { timestamp: '2026-03-04T03:06:07.000Z', git_commit: 'abc', scenario: 'llm', status: 'warn', metrics: { ttft_p95: 120, throughput: null }, load: null },
      { timestamp: '2026-03-05T00:00:00.000Z', git_commit: 'abc', scenario: 'llm', status: 'pass', metrics: { ttft_p95: 120, throughput: null }, load: null },
    ]);
  });

  it('migrates a version 3 history: every run kept, its load not recorded', async () => {
    const file = join(dir, 'v3.json');
    const { load: _load, ...v3Run } = entry(7);
    writeFileSync(file, JSON.stringify({ schema_version: 3, retention_days: 200, runs: [v3Run] }));
    expect(await readHistory(file)).to.deep.equal([{ ...v3Run, load: null }]);
  });

  it('migrates a version 1 history to per-metric values', async () => {
    // GIVEN a history written before scenarios
    const file = join(dir, 'v1.json');
    const run = { timestamp: '2025-06-01T00:00:00.000Z', git_commit: null, p50_ms: 1, p95_ms: 2, p99_ms: 3, throughput_rps: 10, error_rate: 0, status: 'pass' };
    writeFileSync(file, JSON.stringify({ schema_version: 1, runs: [run] }));
    // WHEN
    const [migrated] = await readHistory(file);
    // THEN
    expect(migrated).to.deep.equal({
      timestamp: '2025-06-01T00:00:00.000Z',
      git_commit: null,
      scenario: null,
      status: 'pass',
      metrics: { p50_latency: 1, p95_latency: 2, throughput: 10, error_rate: 0 },
      load: null,
    });
  });

  it('starts empty without a file and rejects a malformed one; the history command needs the file', async () => {
    expect(await readHistory(join(dir, 'none.json'))).to.deep.equal([]);
    const missing = await readExistingHistory(join(dir, 'none.json')).catch((caught: unknown) => caught) as Error;
    expect(missing.message).to.match(/none\.json: file not found$/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"runs": [1]}');
    expect((await readHistory(bad).catch((caught: unknown) => caught) as Error).message).to.match(/bad\.json: not a bench history/);
    writeFileSync(bad, JSON.stringify({ schema_version: 4, retention_days: 365, runs: [{ ...entry(1), timestamp: 'noon' }] }));
    expect((await readHistory(bad).catch((caught: unknown) => caught) as Error).message).to.match(/bad\.json: not a bench history: 'runs\.0\.timestamp'/);
    writeFileSync(bad, 'nope');
    expect((await readHistory(bad).catch((caught: unknown) => caught) as Error).message).to.match(/bad\.json: not valid JSON/);
  });

  it('charts one metric over the runs as a Mermaid xychart', () => {
    expect(formatHistoryChart([entry(1.5), entry(2, null)], 'p95_latency')).to.equal([
      '```mermaid', 'xychart-beta', '  title "p95_latency, last 2 runs"', '  x-axis ["abcdef0", "01-02T03:04"]',
      '  y-axis "p95_latency"', '  line [1.50, 2.00]', '```', '',
    ].join('\n'));
  });

  it('marks change points with ▲ and draws the mean of each segment as a second line', () => {
    const runs = [entry(1, 'a'), entry(3, 'b'), entry(5, 'c'), entry(7, 'd')];
    expect(formatHistoryChart(runs, 'p95_latency', [2])).to.equal([
      '```mermaid', 'xychart-beta', '  title "p95_latency, last 4 runs, 1 change point(s) at ▲"', '  x-axis ["a", "b", "▲ c", "d"]',
      '  y-axis "p95_latency"', '  line [1.00, 3.00, 5.00, 7.00]', '  line [2.00, 2.00, 6.00, 6.00]', '```', '',
    ].join('\n'));
  });
});
