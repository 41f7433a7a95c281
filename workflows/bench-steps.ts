import { Step } from '@github-actions-workflow-ts/lib';
import { abStatusOf, abStep, adoptBaselineStep, rerunAbStep, startBaselineGatewayStep, type AbTopology } from './ab-steps.js';
import { baselineGateway } from './baseline-image-steps.js';
import { buildImageStep, images, setupBuildxStep } from './docker-steps.js';
import { repositoryFiles, runtimeFiles, scenarioFiles } from './files.js';
import { compileStep, nodeProjectSteps, uploadArtifactStep } from './steps.js';
import type { PlatformSettings } from '../projenrc/settings/index.js';
import { scenarioNames, type ScenarioBackend, type ScenarioName } from '../src/bench/scenario/scenarios.js';

export const gatewayUrl = `http://127.0.0.1:${images.gateway.port}`;
/** The first backend container, published on loopback so the overhead scenario can measure it directly. */
export const directBackendUrl = `http://127.0.0.1:${images.backend.port}`;
/** The user-defined network: the gateway reaches the backend containers by name, as in the seed. */
export const benchNetwork = 'llm-bench';

/** `inputs.short` is null on a schedule: only a dispatch that asks for the short form runs a non-default load. */
export const defaultLoad = 'inputs.short != true';

export interface ScenarioStepOptions {
  /** main's benchmark job: the short form of the scenario, no comparison. */
  readonly short: boolean;
  /** Where llm-bench appends its Markdown summary of each run. */
  readonly markdown: string;
  /** The steps that provide llm-gateway:local and llm-backend:local (the nightly builds them, main pulls them). */
  readonly imageStepIds: readonly string[];
}

function backendName(index: number): string {
  return `${images.backend.name}-${index + 1}`;
}

/** Runs after an earlier scenario failed too, but never after a cancel, and only when `previous` succeeded. */
function after(previous: string): string {
  return `\${{ !cancelled() && steps.${previous}.outcome == 'success' }}`;
}

/** The gateway's BACKEND_URLS: the scenario's backend containers by name on the bench network. */
function backendUrlsOf(backend: ScenarioBackend): string {
  return Array.from({ length: backend.count }, (_, index) => `http://${backendName(index)}:${images.backend.port}`).join(',');
}

/** Backend containers with the scenario's latency model, then the gateway in front of them with BACKEND_URLS. */
function startTopologyStep(name: ScenarioName, backend: ScenarioBackend, imageStepIds: ScenarioStepOptions['imageStepIds']): Step {
  const backendFlags = Object.entries(backend.env).map(([key, value]) => `-e ${key}=${value}`).join(' ');
  const backendUrls = backendUrlsOf(backend);
  const lines = [
    `docker network create ${benchNetwork} >/dev/null 2>&1 || true`,
    ...Array.from({ length: backend.count }, (_, index) => {
      // Only the first backend is published (on loopback): the overhead scenario measures it directly.
      const publish = index === 0 ? ` --publish 127.0.0.1:${images.backend.port}:${images.backend.port}` : '';
      return `docker run --detach --name ${backendName(index)} --network ${benchNetwork}${publish} ${backendFlags} ${images.backend.localTag}`;
    }),
    `docker run --detach --name ${images.gateway.name} --network ${benchNetwork} --publish 127.0.0.1:${images.gateway.port}:${images.gateway.port}`
      + ` -e BACKEND_URLS=${backendUrls} ${images.gateway.localTag}`,
  ];
  return new Step({
    id: `start-${name}`,
    name: `Start the ${name} topology (${backend.count} backend containers, gateway with BACKEND_URLS)`,
    if: `\${{ !cancelled() && ${imageStepIds.map((id) => `steps.${id}.outcome == 'success'`).join(' && ')} }}`,
    run: lines.join('\n'),
  });
}

/** Polls the gateway's readiness (bounded: one minute); prints every container's log when it never gets ready. */
function waitReadyStep(name: ScenarioName): Step {
  return new Step({
    id: `ready-${name}`,
    name: `Wait until the ${name} gateway is ready`,
    if: after(`start-${name}`),
    env: { READY_URL: `${gatewayUrl}/readyz` },
    run: [
      'for _ in $(seq 1 60); do',
      '  if curl --fail --silent --max-time 2 --output /dev/null "$READY_URL"; then exit 0; fi',
      '  sleep 1',
      'done',
      'echo "::error::the gateway is not ready after 60 s"',
      `docker ps --all --filter network=${benchNetwork} --format '{{.Names}}' | xargs -r -n 1 docker logs`,
      'exit 1',
    ].join('\n'),
  });
}

function runStep(name: ScenarioName, options: ScenarioStepOptions): Step {
  return new Step({
    id: `run-${name}`,
    name: `Run the ${name} scenario${options.short ? ' (short form)' : ''}`,
    if: after(`ready-${name}`),
    env: { GATEWAY_URL: gatewayUrl },
    run: `npx llm-bench run --scenario ${name}${options.short ? ' --short' : ''} --url "$GATEWAY_URL" --prompts ${repositoryFiles.prompts}`
      + ` -o ${scenarioFiles(name).results} --markdown ${options.markdown}`,
  });
}

/** The same load straight at one backend container: the latency the gateway adds is the difference. */
function directRunStep(name: ScenarioName, options: ScenarioStepOptions): Step {
  return new Step({
    id: `direct-${name}`,
    name: `Run the ${name} scenario straight at one backend`,
    if: after(`ready-${name}`),
    env: { BACKEND_URL: directBackendUrl },
    run: `npx llm-bench run --scenario ${name}${options.short ? ' --short' : ''} --url "$BACKEND_URL" --prompts ${repositoryFiles.prompts}`
      + ` -o ${scenarioFiles(name).direct} --markdown ${options.markdown}`,
  });
}

/**
 * compare decides (exit 0 pass, 1 regression, 2 cannot judge) and writes the
 * `status` output the rerun and the outcome step read. A run of the default
 * load becomes the baseline when compare says it may; a first run sets it,
 * and so does the first run after the scenario's load was redefined in code
 * (a baseline of the default load, with another load, is out of date).
 * When the variable named `abStatus` is set, an A/B verdict decided the
 * scenario: this cross-day line is then reported only, failing nothing and
 * moving no baseline.
 */
function compareCommandLines(name: ScenarioName, limitFlags: string, extra: string, abStatus?: string): string[] {
  const files = scenarioFiles(name);
  const command = `npx llm-bench compare --current ${files.results} --baseline ${files.baseline} --json ${files.verdict}`
    + ` --history ${runtimeFiles.history} --replace-unlike-baseline ${limitFlags}${extra} "\${flags[@]}"`;
  const setBaseline = abStatus === undefined ? '[ "$DEFAULT_LOAD" = true ]' : `[ "$DEFAULT_LOAD" = true ] && [ -z "$${abStatus}" ]`;
  const reportedOnly = `[ -n "$${abStatus}" ]`;
  return [
    'flags=()',
    `if [ ! -f ${files.baseline} ]; then echo "::notice::No ${name} baseline yet: this run sets it."; flags+=(--allow-missing-baseline); fi`,
    `if ${setBaseline}; then flags+=(--set-baseline); fi`,
    ...(abStatus === undefined ? [command] : [
      `if ${reportedOnly}; then echo "#### Cross-day comparison with the stored baseline (reported only: the A/B decides)" >> "$GITHUB_STEP_SUMMARY"; fi`,
      'code=0',
      `${command} || code=$?`,
      `if ${reportedOnly}; then exit 0; fi`,
      'exit "$code"',
    ]),
  ];
}

function compareStep(name: ScenarioName, limitFlags: string): Step {
  return new Step({
    id: `compare-${name}`,
    name: `Compare ${name} with its baseline`,
    if: `\${{ !cancelled() && steps.run-${name}.outcome == 'success' && ${defaultLoad} }}`,
    env: { DEFAULT_LOAD: `\${{ ${defaultLoad} }}`, AB_STATUS: `\${{ ${abStatusOf(name)} }}` },
    run: compareCommandLines(name, limitFlags, '', 'AB_STATUS').join('\n'),
  });
}

/**
 * An inconclusive comparison is measured once more; inconclusive again fails,
 * saying so, and never moves the baseline. Only where compare decides (no A/B verdict).
 */
function rerunStep(name: ScenarioName, limitFlags: string): Step {
  return new Step({
    id: `rerun-${name}`,
    name: `Measure ${name} again after an inconclusive comparison`,
    if: `\${{ !cancelled() && steps.compare-${name}.outputs.status == 'inconclusive' && !(${abStatusOf(name)}) }}`,
    env: { GATEWAY_URL: gatewayUrl, DEFAULT_LOAD: `\${{ ${defaultLoad} }}` },
    run: [
      `npx llm-bench run --scenario ${name} --url "$GATEWAY_URL" --prompts ${repositoryFiles.prompts} -o ${scenarioFiles(name).results} --markdown "$GITHUB_STEP_SUMMARY"`,
      ...compareCommandLines(name, limitFlags, ' --fail-on-inconclusive'),
    ].join('\n'),
  });
}

function stopTopologyStep(name: ScenarioName, backend: ScenarioBackend, compare: boolean): Step {
  const gateways = compare ? [images.gateway.name, baselineGateway.name] : [images.gateway.name];
  const containers = [...gateways, ...Array.from({ length: backend.count }, (_, index) => backendName(index))];
  return new Step({
    id: `stop-${name}`,
    name: `Remove the ${name} containers`,
    if: 'always()',
    run: `docker rm --force ${containers.join(' ')} >/dev/null 2>&1 || true`,
  });
}

/** Node, the compiled llm-bench, and both images from the layer cache. */
export function benchSetupSteps(): [Step, ...Step[]] {
  return [...nodeProjectSteps(), compileStep(), setupBuildxStep(), buildImageStep('gateway'), buildImageStep('backend')];
}

function abTopologyOf(backend: ScenarioBackend, limitFlags: string): AbTopology {
  return { network: benchNetwork, backendUrls: backendUrlsOf(backend), currentUrl: gatewayUrl, ruleFlags: limitFlags };
}

/**
 * Every scenario in turn on a fresh topology: start, wait, (measure the
 * backend directly), measure, compare, rerun once, remove. Where it compares
 * (the nightly), the baseline build's gateway runs beside tonight's on the
 * same backends and the A/B decides; compare's cross-day line is then
 * reported only. The backends and the gate's limits are the settings'.
 */
export function scenarioSteps(settings: PlatformSettings, options: ScenarioStepOptions & { readonly compare: boolean }): Step[] {
  const limitFlags = settings.gate.flags;
  return scenarioNames.flatMap((name) => {
    const { backend } = settings.scenarios[name];
    const topology = abTopologyOf(backend, limitFlags);
    return [
      startTopologyStep(name, backend, options.imageStepIds),
      ...(options.compare ? [startBaselineGatewayStep(name, topology)] : []),
      waitReadyStep(name),
      ...(name === 'overhead' && !options.short ? [directRunStep(name, options)] : []),
      runStep(name, options),
      ...(options.compare ? [abStep(name, topology), rerunAbStep(name, topology)] : []),
      ...(options.compare ? [compareStep(name, limitFlags), rerunStep(name, limitFlags), adoptBaselineStep(name, defaultLoad)] : []),
      stopTopologyStep(name, backend, options.compare),
    ];
  });
}

/**
 * Whether the nightly measured every scenario, and if not, the first reason
 * it could not (for the benchmark-infra issue). Routes on the outcomes and
 * outputs of the steps above; pass/fail itself stays in the verdicts. Also
 * names the verdict that decides each scenario (`verdicts`: the A/B's where
 * one was reached, else compare's) and the cross-day verdicts reported beside
 * the A/B ones (`cross-day`), for the report job.
 */
export function measurementOutcomeStep(): Step {
  const env: Record<string, string> = {
    BUILD_GATEWAY: '${{ steps.build-gateway.outcome }}',
    BUILD_BACKEND: '${{ steps.build-backend.outcome }}',
  };
  const checks: string[] = [];
  const lists: string[] = [];
  for (const name of scenarioNames) {
    const key = name.toUpperCase();
    const files = scenarioFiles(name);
    env[`AB_${key}`] = `\${{ ${abStatusOf(name)} }}`;
    env[`COMPARE_${key}`] = `\${{ steps.compare-${name}.outputs.status }}`;
    env[`STATUS_${key}`] = `\${{ ${abStatusOf(name)} || steps.rerun-${name}.outputs.status || steps.compare-${name}.outputs.status }}`;
    for (const step of ['start', 'ready', 'run']) env[`${step.toUpperCase()}_${key}`] = `\${{ steps.${step}-${name}.outcome }}`;
    // A cross-day compare that could not judge (exit 2) wrote no verdict: there is nothing to show beside the A/B.
    lists.push(
      `if [ -z "$AB_${key}" ]; then verdicts+=(${files.verdict})`,
      `else verdicts+=(${files.abVerdict}); if [ -n "$COMPARE_${key}" ]; then cross_day+=(${files.verdict}); fi; fi`,
    );
    checks.push(
      `if [ -z "$reason" ] && [ -z "$STATUS_${key}" ]; then`,
      `  if [ "$START_${key}" != success ]; then reason="${name}: the containers did not start"`,
      `  elif [ "$READY_${key}" != success ]; then reason="${name}: the gateway never became ready"`,
      `  elif [ "$RUN_${key}" != success ]; then reason="${name}: llm-bench run failed"`,
      `  else reason="${name}: llm-bench compare could not judge the results (bad input)"; fi`,
      'fi',
    );
  }
  return new Step({
    id: 'outcome',
    name: 'Did every scenario measure?',
    if: 'always()',
    env,
    run: [
      'reason=""',
      'if [ "$BUILD_GATEWAY" != success ] || [ "$BUILD_BACKEND" != success ]; then reason="the images did not build"; fi',
      ...checks,
      'if [ -z "$reason" ]; then echo "measured=true" >> "$GITHUB_OUTPUT"; else echo "measured=false" >> "$GITHUB_OUTPUT"; fi',
      'echo "failure-reason=$reason" >> "$GITHUB_OUTPUT"',
      'verdicts=()',
      'cross_day=()',
      ...lists,
      '(IFS=,; echo "verdicts=${verdicts[*]}"; echo "cross-day=${cross_day[*]}") >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  });
}

/** main's release summary: the Markdown the benchmark job's llm-bench runs wrote (one renderer, no jq). */
export function benchmarkTableStep(condition?: string): Step {
  return new Step({
    id: 'benchmark-table',
    name: 'Benchmark table',
    ...(condition === undefined ? {} : { if: condition }),
    run: `{ echo "## Benchmark"; cat ${runtimeFiles.benchmarkMarkdown}; } >> "$GITHUB_STEP_SUMMARY"`,
  });
}

/** main's Benchmark job: the short form of every scenario on the seed's topology, summarized and kept as an artifact. */
export function mainBenchmarkSteps(settings: PlatformSettings, artifact: string, imageSteps: readonly [Step, ...Step[]]): [Step, ...Step[]] {
  const markdown = runtimeFiles.benchmarkMarkdown;
  const imageStepIds = imageSteps.map(({ step }) => step.id).filter((id) => id !== undefined);
  if (imageStepIds.length === 0) throw new Error('mainBenchmarkSteps: the image steps need ids for the topology to wait on');
  return [
    ...nodeProjectSteps(),
    compileStep(),
    ...imageSteps,
    ...scenarioSteps(settings, { short: true, compare: false, markdown, imageStepIds }),
    new Step({ id: 'summary', name: 'Benchmark summary', if: 'always()', run: `cat ${markdown} >> "$GITHUB_STEP_SUMMARY"` }),
    uploadArtifactStep({
      id: 'upload-results',
      name: artifact,
      paths: [...scenarioNames.map((name) => scenarioFiles(name).results), markdown],
      retentionDays: settings.retentionDays.results,
    }),
  ];
}
