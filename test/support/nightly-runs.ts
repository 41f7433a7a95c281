/**
 * Nights of the nightly benchmark as GitHub would run them: the benchmark job
 * in a scratch checkout (test/support/nightly-workspace.ts), then the report
 * job, with GitHub's own evaluator for every expression.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createNightlyWorkspace, standInCommands, type Baselines, type StandIns } from './nightly-workspace.js';
import type { JobDefinition } from './workflow-queries.js';
import { runJob, type JobRun, type RunContext, type StepResult } from './workflow-runner.js';
import { scenarioNames } from '../../src/bench/scenario/scenarios.js';
import { scenarioFiles } from '../../workflows/files.js';

export const baselineCommit = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

/** A scheduled run on the main branch (`refs/heads/<main>`). */
export function scheduledOn(mainBranch: string): RunContext {
  return { github: { ref: `refs/heads/${mainBranch}`, event_name: 'schedule' } };
}

/** The scripts a night runs for real (with stand-ins for llm-bench, Docker, curl and sleep); the rest is given. */
const executed = [
  'baseline-commit', 'image-names', 'baseline-pull', 'baseline-image', 'outcome', 'history',
  ...scenarioNames.flatMap((name) => [`start-baseline-${name}`, `ab-${name}`, `rerun-ab-${name}`, `compare-${name}`, `rerun-${name}`, `adopt-baseline-${name}`]),
];

export interface Night {
  readonly context?: RunContext;
  /** The commits the downloaded baseline results record; one commit for both by default. */
  readonly baselines?: Baselines;
  /** Outcomes of the steps not executed (actions, containers, llm-bench run); a step given here is not executed. */
  readonly given?: Record<string, StepResult>;
  readonly standIns?: StandIns;
}

export interface NightRun {
  readonly bench: JobRun;
  readonly report: JobRun;
  /** Each scenario's baseline file after the job (undefined: none). */
  readonly baselines: Record<string, string | undefined>;
}

/** The nightly's two jobs, as built or as read back from its YAML. */
export interface NightlyJobs {
  readonly benchmark: JobDefinition;
  readonly report: JobDefinition;
}

/** One night: the benchmark job in a scratch checkout, then the report job on its outputs. */
export function runNight(jobs: NightlyJobs, night: Night = {}): NightRun {
  const workspace = createNightlyWorkspace(night.baselines ?? baselineCommit);
  try {
    const given = night.given ?? {};
    const context = night.context ?? scheduledOn('main');
    const commands = standInCommands(night.standIns ?? {});
    const execute = executed.filter((id) => given[id] === undefined);
    const bench = runJob(jobs.benchmark, context, given, { execute, workspace: workspace.dir, commands });
    const needs = { benchmark: { result: bench.result, outputs: bench.outputs } };
    const report = runJob(jobs.report, { ...context, needs }, {}, { execute: ['issue', 'could-not-run'], workspace: workspace.dir, commands });
    const baselines = Object.fromEntries(scenarioNames.map((name) => {
      const file = scenarioFiles(name).baseline;
      return [name, existsSync(join(workspace.dir, file)) ? workspace.read(file) : undefined];
    }));
    return { bench, report, baselines };
  } finally {
    workspace.remove();
  }
}
