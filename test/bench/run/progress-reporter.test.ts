import { expect } from 'chai';
import { describe, it } from 'mocha';
import { createProgressReporter } from '../../../src/bench/run/progress-reporter.js';

describe('createProgressReporter', () => {
  it('redraws a bar in place on a terminal', () => {
    const written: string[] = [];
    const progress = createProgressReporter({ total: 10, isTTY: true, write: (text) => written.push(text) });
    progress.finish(5);
    expect(written[0]).to.match(/^\r\[#{15}\.{15}\] 5\/10 requests, [\d.]+ req\/s, [\d.]+ s\n$/);
  });

  it('writes plain lines at most once per interval in a log', () => {
    const written: string[] = [];
    const progress = createProgressReporter({ isTTY: false, write: (text) => written.push(text), plainIntervalMs: 60_000 });
    progress.update(1);
    progress.update(2);
    progress.finish(3);
    expect(written).to.have.length(1);
    expect(written[0]).to.match(/^progress: 3 requests, [\d.]+ req\/s, [\d.]+ s\n$/);
  });

  it('writes a line when the interval has passed', () => {
    const written: string[] = [];
    const progress = createProgressReporter({ total: 4, isTTY: false, write: (text) => written.push(text), plainIntervalMs: -1 });
    progress.update(1);
    expect(written[0]).to.match(/^progress: 1\/4 requests/);
  });
});
