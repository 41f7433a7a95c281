import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import { appendHistory, formatHistoryChart, readHistory, type HistoryEntry } from '../../../src/bench/result/history-file.js';

const entry = (p95: number, commit: string | null = 'abcdef0123'): HistoryEntry => ({
  timestamp: '2026-01-02T03:04:05.000Z', git_commit: commit, scenario: 'overhead', status: 'pass', metrics: { p95_latency: p95, p50_latency: 1 },
});

describe('history-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('appends runs and keeps the last N', async () => {
    const file = join(dir, 'history.json');
    for (const p95 of [1, 2, 3, 4]) await appendHistory(file, entry(p95), 3);
    expect((await readHistory(file)).map((run) => run.metrics.p95_latency)).to.deep.equal([2, 3, 4]);
    expect(JSON.parse(readFileSync(file, 'utf8')).schema_version).to.equal(2);
  });

  it('migrates a version 1 history to per-metric values', async () => {
    // GIVEN a history written before scenarios
    const file = join(dir, 'v1.json');
    const run = { timestamp: 't', git_commit: null, p50_ms: 1, p95_ms: 2, p99_ms: 3, throughput_rps: 10, error_rate: 0, status: 'pass' };
    writeFileSync(file, JSON.stringify({ schema_version: 1, runs: [run] }));
    // WHEN
    const [migrated] = await readHistory(file);
    // THEN
    expect(migrated).to.deep.equal({
      timestamp: 't', git_commit: null, scenario: null, status: 'pass', metrics: { p50_latency: 1, p95_latency: 2, throughput: 10, error_rate: 0 },
    });
  });

  it('starts empty without a file and rejects a malformed one', async () => {
    expect(await readHistory(join(dir, 'none.json'))).to.deep.equal([]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"runs": [1]}');
    expect((await readHistory(bad).catch((caught: unknown) => caught) as Error).message).to.match(/bad\.json: not a bench history/);
    writeFileSync(bad, 'nope');
    expect((await readHistory(bad).catch((caught: unknown) => caught) as Error).message).to.match(/bad\.json: not valid JSON/);
  });

  it('charts one metric over the runs as a Mermaid xychart', () => {
    expect(formatHistoryChart([entry(1.5), entry(2, null)], 'p95_latency')).to.equal([
      '```mermaid', 'xychart-beta', '  title "p95_latency, last 2 runs"', '  x-axis ["abcdef0", "01-02T03:04"]',
      '  y-axis "p95_latency"', '  line [1.50, 2.00]', '```', '',
    ].join('\n'));
  });
});
