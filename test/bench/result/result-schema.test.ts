import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseVersioned } from '../../../src/bench/result/parse-file.js';
import { resultVersions } from '../../../src/bench/result/result-schema.js';
import { cpuWindows, craftResult } from '../../support/bench-results.js';

const parse = (value: unknown) => parseVersioned(resultVersions, 'r.json', 'a bench result', value);

describe('result schema', () => {
  const current = craftResult([3, 4, 5], { ttft: [1, 2] });

  it('accepts a version 3 result as written, with or without the target\'s CPU', () => {
    expect(parse(JSON.parse(JSON.stringify(current)))).to.deep.equal(current);
    const withCpu = craftResult([3, 4, 5], { targetCpu: cpuWindows(20, 300, 1) });
    expect(parse(JSON.parse(JSON.stringify(withCpu)))).to.deep.equal(withCpu);
  });

  it('migrates a version 2 result: the same file, without CPU figures to compare', () => {
    // GIVEN a result written before the target's CPU was read
    const v2 = { ...JSON.parse(JSON.stringify(current)) as object, schema_version: 2 };
    // WHEN
    const migrated = parse(v2);
    // THEN
    expect(migrated).to.deep.equal(current);
    expect(migrated).not.to.have.property('target_cpu');
  });

  it('migrates a version 1 result: no scenario, no TTFT/ITL/Server-Timing samples to gate', () => {
    // GIVEN a result written before scenarios
    const { ttft_ms: _ttft, itl_ms: _itl, server_timing_ms: _timing, server_timing_stats: _stats, ...rest } = current;
    const { scenario: _scenario, ...parameters } = current.parameters;
    const v1 = { ...rest, schema_version: 1, parameters };
    // WHEN
    const migrated = parse(v1);
    // THEN
    expect(migrated).to.deep.include({ schema_version: 3, ttft_ms: [], itl_ms: [], server_timing_ms: {}, server_timing_stats: {} });
    expect(migrated.parameters.scenario).to.equal(null);
  });

  it('names the file and the first wrong field', () => {
    const cases: [unknown, RegExp][] = [
      ['x', /^r\.json: not a bench result: /],
      [{ ...current, total_requests: -1 }, /'total_requests': /],
      [{ ...current, error_rate: 3 }, /'error_rate': /],
      [{ ...current, latencies_ms: [1, 'x'] }, /'latencies_ms\.1': /],
      [{ ...current, schema_version: 4 }, /not a bench result/],
      [{ ...current, target_cpu: { ...cpuWindows(20, 300, 1), windows: [{ requests: 1, cpu_s: -1 }] } }, /'target_cpu\.windows\.0\.cpu_s': /],
    ];
    for (const [value, problem] of cases) expect(() => parse(value)).to.throw(problem);
  });
});
