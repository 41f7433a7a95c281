/**
 * `npm run bench:gate` (a script, not a test; loopback only, about 1 h 45 min at the defaults on 2 quiet cores).
 *
 * Judges the gate by measured rates on real runs of real builds. For each scenario it starts the compiled gateway
 * (a snapshot of lib/) in front of the compiled mocks, as processes, as the nightly does with containers, plus the
 * same build with a known injected change that does not edit the gateway:
 * - overhead: a `node --import` preload that burns 100 µs of CPU per request;
 * - llm: the same gateway in front of mocks whose time to first token is 30% longer.
 * Two sections, each runnable alone (`--sections`): `cross`, compare of consecutive runs (gate/cross-section.ts),
 * and `ab`, `llm-bench ab` with one core loaded during half of every run, beside compare's rule on the same runs
 * (gate/ab-section.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { abRunSchedule, formatAbSection, runAbRun, type AbRunOutcome } from './gate/ab-section.js';
import { formatCrossSection, runCrossRound, warmCrossRig, type PairOutcome } from './gate/cross-section.js';
import { snapshotBuild, startRig, stopRig, type Rig } from './gate/gate-rigs.js';
import { scenarioNames, scenarios, type ScenarioName } from '../src/bench/scenario/scenarios.js';
import { choiceListOption, integerOption, parseConfig, runCli } from '../src/config/index.js';

const sectionNames = ['cross', 'ab'] as const;

const schema = {
  sections: choiceListOption({ flag: 'sections', description: 'Sections to run: cross (compare of consecutive runs), ab (llm-bench ab)', choices: sectionNames, default: sectionNames }),
  scenarios: choiceListOption({ flag: 'scenarios', description: 'Scenarios to measure', choices: scenarioNames, default: scenarioNames }),
  rounds: integerOption({ flag: 'rounds', description: 'cross: rounds per scenario (each: one A/A pair and one detection pair)', default: 40, min: 2, max: 1000 }),
  overheadRequests: integerOption({
    flag: 'overhead-requests', description: 'cross: requests per overhead run (the nightly\'s; at least 20 CPU windows of 100 ms)', default: scenarios.overhead.load.requests, min: 100,
  }),
  llmRequests: integerOption({ flag: 'llm-requests', description: 'cross: requests per llm run', default: 160, min: 32 }),
  abRuns: integerOption({ flag: 'ab-runs', description: 'ab: A/A runs of llm-bench ab per scenario', default: 40, min: 1, max: 1000 }),
  abDetectionRuns: integerOption({ flag: 'ab-detection-runs', description: 'ab: runs against the injected change per scenario', default: 20, min: 0, max: 1000 }),
  abRounds: integerOption({ flag: 'ab-rounds', description: 'ab: paired rounds per run (9: one round disturbed on one side cannot decide)', default: 9, min: 6, max: 100 }),
  abOverheadRequests: integerOption({
    flag: 'ab-overhead-requests', description: 'ab: requests per side in each overhead round (the nightly\'s)', default: scenarios.overhead.load.roundRequests, min: 100,
  }),
  abLlmRequests: integerOption({ flag: 'ab-llm-requests', description: 'ab: requests per side in each llm round', default: 32, min: 16 }),
  burnUs: integerOption({ flag: 'burn-us', description: 'CPU the injected gateway burns per request, in µs', default: 100, min: 0 }),
  ttftPct: integerOption({ flag: 'ttft-pct', description: 'Injected time-to-first-token change, in percent', default: 30, min: 0 }),
};

type GateOptions = ReturnType<typeof parseConfig<typeof schema>>;

function progress(started: number, what: string): void {
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  process.stderr.write(`${what}, ${minutes} min, load average ${loadavg()[0]!.toFixed(2)}\n`);
}

async function runCross(rigs: readonly Rig[], options: GateOptions, scratch: string, started: number): Promise<string> {
  const settings = { rounds: options.rounds, overheadRequests: options.overheadRequests, llmRequests: options.llmRequests, scratch };
  const results = new Map<ScenarioName, PairOutcome[]>(rigs.map((rig) => [rig.name, []]));
  for (const rig of rigs) await warmCrossRig(rig, settings);
  for (let round = 0; round < options.rounds; round++) {
    for (const rig of rigs) results.get(rig.name)!.push(...await runCrossRound(rig, round, settings));
    progress(started, `cross: round ${round + 1}/${options.rounds} done`);
  }
  return formatCrossSection(results, options, settings);
}

async function runAb(rigs: readonly Rig[], options: GateOptions, started: number): Promise<string> {
  const settings = {
    runs: options.abRuns,
    detectionRuns: options.abDetectionRuns,
    rounds: options.abRounds,
    overheadRequests: options.abOverheadRequests,
    llmRequests: options.abLlmRequests,
  };
  const results = new Map<ScenarioName, AbRunOutcome[]>(rigs.map((rig) => [rig.name, []]));
  const schedule = abRunSchedule(settings);
  for (const [index, kind] of schedule.entries()) {
    for (const rig of rigs) {
      const outcome = await runAbRun(rig, kind, index, settings);
      results.get(rig.name)!.push(outcome);
      progress(started, `ab: run ${index + 1}/${schedule.length}, ${rig.name} ${kind === 'aa' ? 'A/A' : 'injected'}: ${outcome.ab.statistical}, ${outcome.headline}`
        + ` (cross-run rule: ${outcome.cross.statistical})`);
    }
  }
  return formatAbSection(results, options, settings);
}

await runCli('bench:gate', async () => {
  const options = parseConfig(schema, { argv: process.argv.slice(2), env: {} });
  const lib = snapshotBuild();
  const scratch = mkdtempSync(join(tmpdir(), 'bench-gate-'));
  const started = performance.now();
  const loadBefore = loadavg();
  const rigs: Rig[] = [];
  const sections: string[] = [];
  try {
    const change = { burnUs: options.burnUs, ttftPct: options.ttftPct };
    for (const name of options.scenarios) rigs.push(await startRig(name, lib, change, options.sections.includes('ab')));
    if (options.sections.includes('cross')) sections.push(await runCross(rigs, options, scratch, started));
    if (options.sections.includes('ab')) sections.push(await runAb(rigs, options, started));
  } finally {
    for (const rig of rigs) await stopRig(rig);
    rmSync(scratch, { recursive: true, force: true });
    rmSync(lib, { recursive: true, force: true });
  }
  const load = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join('/');
  process.stdout.write(`${sections.join('\n')}\n${((performance.now() - started) / 60_000).toFixed(1)} min; load average (1/5/15 min)`
    + ` before ${load(loadBefore)}, after ${load(loadavg())} on ${cpus().length} cores.\n`);
  return 0;
});
