import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { abRunSchedule, formatAbSection, halfRunBurner, type AbRunOutcome } from '../../../bench/gate/ab-section.js';
import type { AbRunStart } from '../../../src/bench/ab/ab-rounds.js';

const settings = { runs: 3, detectionRuns: 1, rounds: 7, overheadRequests: 1000, llmRequests: 32 };

/** The run starts of an A/B of `rounds` rounds: the warm-up of each side, then two runs per round. */
function runStarts(rounds: number): AbRunStart[] {
  const warmUp = (['baseline', 'current'] as const).map((side) => ({ round: 0, rounds, side, url: 'u', done: 0, elapsedMs: 0 }));
  const counted = Array.from({ length: 2 * rounds }, (_, done) => ({
    round: Math.floor(done / 2) + 1, rounds, side: done % 2 === 0 ? 'baseline' as const : 'current' as const, url: 'u', done, elapsedMs: 0,
  }));
  return [...warmUp, ...counted];
}

describe('bench:gate A/B section', () => {
  it('keeps one real burner process alive during exactly one half of the counted runs', async () => {
    for (const firstHalf of [true, false]) {
      // GIVEN a burner that starts a real (idle) process
      const started: ChildProcess[] = [];
      const start = () => {
        const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
        started.push(child);
        return child;
      };
      const burner = halfRunBurner(7, firstHalf, start);
      // WHEN the runs start, noting whether a burner is alive at each
      const alive = runStarts(7).map((event) => {
        burner.onRunStart(event);
        return started.some((child) => !child.killed);
      });
      burner.stop();
      // THEN it ran during the counted runs of its half only, as one process, and is gone at the end
      const expected = [false, false, ...Array.from({ length: 14 }, (_, done) => (done < 7) === firstHalf)];
      expect(alive, `first half: ${firstHalf}`).to.deep.equal(expected);
      expect(started).to.have.length(1);
      expect(started[0]!.killed).to.equal(true);
      if (started[0]!.exitCode === null && started[0]!.signalCode === null) await once(started[0]!, 'exit');
    }
  });

  it('interleaves A/A and detection runs, and reports false alarms and detections of both rules side by side', () => {
    expect(abRunSchedule(settings)).to.deep.equal(['aa', 'change', 'aa', 'aa']);
    const outcome = (kind: AbRunOutcome['kind'], ab: string, cross: string): AbRunOutcome => ({
      kind, headline: 'TTFT p95 +1.0% (x0.900 to x1.100)', ab: { statistical: ab, threshold: ab }, cross: { statistical: cross, threshold: 'fail' }, failing: ab === 'fail' ? ['ttft_p95'] : [],
    });
    const table = formatAbSection(new Map([['llm', [outcome('aa', 'pass', 'fail'), outcome('change', 'fail', 'pass'), outcome('aa', 'pass', 'pass')]]]), {
      burnUs: 100, ttftPct: 30,
    }, settings);
    expect(table).to.include('| llm | 2 | 0/2 (0.0%) | 0/2 (0.0%) | 1/2 (50.0%) | 2/2 (100.0%) |');
    expect(table).to.include('| llm | mock TTFT +30% | 1 | 1/1 (100.0%) | 1/1 (100.0%) | 0/1 (0.0%) | 1/1 (100.0%) |');
    expect(table).to.include('llm: metrics that failed (ab, statistical rule): A/A none; injected ttft_p95 1');
  });
});
