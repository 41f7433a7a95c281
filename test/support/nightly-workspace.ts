/**
 * A scratch checkout for walking the nightly's benchmark job: the files its
 * scripts read (the downloaded baselines, tonight's results) and stand-ins
 * for the commands that need Docker, a registry or a running gateway. The
 * workflow's own bash scripts run against them; `llm-bench` answers as the test says.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenarioNames, type ScenarioName } from '../../src/bench/scenario/scenarios.js';
import { scenarioFiles } from '../../workflows/files.js';

/** What `llm-bench ab`, `compare` or `history` answers: its `status` output (none for bad input) and exit code. */
export interface Answer {
  readonly status?: 'pass' | 'warn' | 'fail' | 'inconclusive' | 'skipped';
  readonly code: 0 | 1 | 2;
}

/**
 * Keyed `<command>-<scenario>` (`ab-llm`, `compare-overhead`), with `:rerun`
 * for the call with --fail-on-inconclusive. Unlisted ab and compare calls pass.
 */
export type Answers = Record<string, Answer>;

export interface StandIns {
  readonly answers?: Answers;
  /** Whether main pushed the baseline commit's gateway image to the registry. */
  readonly registryHasImage?: boolean;
  /** Whether the baseline gateway container answers /readyz. */
  readonly baselineGetsReady?: boolean;
}

export const pushedDigest = `sha256:${'d'.repeat(64)}`;

/**
 * `npx llm-bench <command> ...`: prints the call (on stderr, like every
 * stand-in, so `$(...)` captures only what the real command would print),
 * writes compare's GITHUB_OUTPUT keys, exits as answered.
 */
function llmBenchStandIn(answers: Answers): string {
  const cases = Object.entries(answers).map(([key, answer]) => {
    const outputs = answer.status === undefined ? '' : `outputs ${answer.status} ${answer.code}; `;
    return `  ${key}) ${outputs}exit ${answer.code};;`;
  });
  return [
    'echo "npx $*" >&2',
    'outputs() {',
    '  local failed=false eligible=true',
    '  if [ "$2" != 0 ]; then failed=true; fi',
    '  if [ "$failed" = true ] || [ "$1" = inconclusive ]; then eligible=false; fi',
    '  printf "status=%s\\nfailed=%s\\nbaseline-eligible=%s\\n" "$1" "$failed" "$eligible" >> "$GITHUB_OUTPUT"',
    '}',
    // ab names the scenario (--scenario NAME), compare its results file (--current bench/results-NAME.json).
    'name=${4#bench/results-}',
    'key="$2-${name%.json}"',
    // history keys on itself and writes its verdict file, as the real one does.
    'if [ "$2" = history ]; then key=history; touch bench/verdict-history.json; fi',
    'case " $* " in *" --fail-on-inconclusive "*) key="$key:rerun";; esac',
    'case "$key" in',
    ...cases,
    '  ab-*|compare-*|history) outputs pass 0;;',
    'esac',
  ].join('\n');
}

export function standInCommands(standIns: StandIns): Record<string, string> {
  return {
    npx: llmBenchStandIn(standIns.answers ?? {}),
    docker: [
      'echo "docker $*" >&2',
      'case "$1 $2" in',
      `  "buildx imagetools") ${standIns.registryHasImage === false ? 'echo "ERROR: not found" >&2; exit 1' : `echo "${pushedDigest}"`};;`,
      'esac',
    ].join('\n'),
    curl: standIns.baselineGetsReady === false ? 'exit 7' : 'exit 0',
    sleep: 'exit 0',
  };
}

/** The downloaded baselines: one commit for every scenario, one per scenario, or none at all. */
export type Baselines = string | Partial<Record<ScenarioName, string>> | 'none';

export interface NightlyWorkspace {
  readonly dir: string;
  readonly read: (path: string) => string;
  readonly remove: () => void;
}

export function createNightlyWorkspace(baselines: Baselines): NightlyWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'nightly-'));
  mkdirSync(join(dir, 'bench'));
  for (const name of scenarioNames) {
    const files = scenarioFiles(name);
    writeFileSync(join(dir, files.results), JSON.stringify({ tonight: name }));
    const commit = baselines === 'none' ? undefined : typeof baselines === 'string' ? baselines : baselines[name];
    if (commit !== undefined) writeFileSync(join(dir, files.baseline), JSON.stringify({ environment: { git_commit: commit } }));
  }
  return {
    dir,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
