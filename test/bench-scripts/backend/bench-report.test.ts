import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { BackendBenchOptions } from '../../../bench/backend/backend-bench.js';
import { formatBackendBench, readmeEnd, readmeStart, replaceReadmeSection } from '../../../bench/backend/bench-report.js';

const options: BackendBenchOptions = {
  rounds: 2, roundMs: 1000, connections: 8, ttftMs: 50, itlMs: 20, streamTokens: 10, streamLevels: [1], waves: 1,
};

describe('formatBackendBench', () => {
  it('prints throughput side by side with the ratio, and accuracy deltas against the configuration', () => {
    const table = formatBackendBench({
      throughput: { mockRps: [800, 900], bareRps: [1000, 1000], medianRatio: 0.85 },
      accuracy: [
        { streams: 1, ttftP50: 50.5, ttftP99: 51.25, itlP50: 20, itlP99: 19.5 },
        { streams: 2, ttftP50: NaN, ttftP99: NaN, itlP50: NaN, itlP99: NaN },
      ],
    }, options);
    expect(table).to.include('| mock backend | 850 | 800, 900 |');
    expect(table).to.include('| bare node:http, same bytes | 1000 | 1000, 1000 |');
    expect(table).to.include('**85.0%**');
    expect(table).to.include('| 1 | 50.50 | 51.25 | +1.25 | 20.00 | 19.50 | -0.50 |');
    expect(table).to.include('| 2 | n/a | n/a |');
  });
});

describe('replaceReadmeSection', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# T\n${readmeStart}\nold\n${readmeEnd}\nafter\n`;
    expect(replaceReadmeSection(readme, 'new\n')).to.equal(`# T\n${readmeStart}\nnew\n${readmeEnd}\nafter\n`);
    expect(replaceReadmeSection('no markers', 'x')).to.equal(undefined);
  });
});
