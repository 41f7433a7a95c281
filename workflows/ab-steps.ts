import { Step } from '@github-actions-workflow-ts/lib';
import { baselineGateway, baselineGatewayUrl, baselineImageStep } from './baseline-image-steps.js';
import { images } from './docker-steps.js';
import { scenarioFiles } from './files.js';
import type { ScenarioName } from '../src/bench/scenario/scenarios.js';

/** Where a scenario's A/B runs: the network and backends of its topology, tonight's gateway, and the rule flags. */
export interface AbTopology {
  readonly network: string;
  readonly backendUrls: string;
  readonly currentUrl: string;
  readonly ruleFlags: string;
}

/** The A/B's verdict status: the rerun's when there was one. Empty when no A/B verdict decides the scenario. */
export function abStatusOf(name: ScenarioName, output: 'status' | 'baseline-eligible' = 'status'): string {
  return `steps.rerun-ab-${name}.outputs.${output} || steps.ab-${name}.outputs.${output}`;
}

/**
 * The baseline build's gateway beside tonight's, in front of the same
 * backends, then a bounded wait for it. It never fails the job: a baseline
 * gateway that does not start or get ready leaves this scenario to the
 * cross-day comparison, with a notice and its log.
 */
export function startBaselineGatewayStep(name: ScenarioName, topology: AbTopology): Step {
  return new Step({
    id: `start-baseline-${name}`,
    name: `Start the baseline gateway beside tonight's (${name})`,
    if: `\${{ !cancelled() && steps.start-${name}.outcome == 'success' && steps.${baselineImageStep}.outputs.available == 'true' }}`,
    env: { READY_URL: `${baselineGatewayUrl}/readyz` },
    run: [
      `if docker run --detach --name ${baselineGateway.name} --network ${topology.network}`
        + ` --publish 127.0.0.1:${baselineGateway.port}:${images.gateway.port} -e BACKEND_URLS=${topology.backendUrls} ${baselineGateway.localTag}; then`,
      '  for _ in $(seq 1 60); do',
      '    if curl --fail --silent --max-time 2 --output /dev/null "$READY_URL"; then echo "ready=true" >> "$GITHUB_OUTPUT"; exit 0; fi',
      '    sleep 1',
      '  done',
      `  docker logs ${baselineGateway.name} || true`,
      'fi',
      `echo "::notice title=No A/B for ${name}::the baseline gateway did not get ready: the cross-day comparison decides ${name}"`,
    ].join('\n'),
  });
}

function abCommand(name: ScenarioName, topology: AbTopology, extra: string): string {
  return `npx llm-bench ab --scenario ${name} --baseline-url "$BASELINE_URL" --current-url "$CURRENT_URL"`
    + ` --json ${scenarioFiles(name).abVerdict} --markdown "$GITHUB_STEP_SUMMARY" ${topology.ruleFlags}${extra}`;
}

/**
 * `llm-bench ab` decides the scenario (exit 1: a regression fails the job).
 * Exit 2 means it could not judge (bad input, a target that does not answer):
 * an infrastructure problem, so the cross-day comparison decides instead.
 */
export function abStep(name: ScenarioName, topology: AbTopology): Step {
  return new Step({
    id: `ab-${name}`,
    name: `A/B: ${name} on tonight's gateway and the baseline gateway, interleaved`,
    if: `\${{ !cancelled() && steps.run-${name}.outcome == 'success' && steps.start-baseline-${name}.outputs.ready == 'true' }}`,
    env: { BASELINE_URL: baselineGatewayUrl, CURRENT_URL: topology.currentUrl },
    run: [
      'code=0',
      `${abCommand(name, topology, '')} || code=$?`,
      'if [ "$code" -eq 2 ]; then',
      `  echo "::notice title=No A/B for ${name}::llm-bench ab could not judge (exit 2, see the log): the cross-day comparison decides ${name}"`,
      '  exit 0',
      'fi',
      'exit "$code"',
    ].join('\n'),
  });
}

/** An inconclusive A/B is measured once more; inconclusive again fails, saying so. */
export function rerunAbStep(name: ScenarioName, topology: AbTopology): Step {
  return new Step({
    id: `rerun-ab-${name}`,
    name: `A/B again after an inconclusive verdict (${name})`,
    if: `\${{ !cancelled() && steps.ab-${name}.outputs.status == 'inconclusive' }}`,
    env: { BASELINE_URL: baselineGatewayUrl, CURRENT_URL: topology.currentUrl },
    run: abCommand(name, topology, ' --fail-on-inconclusive'),
  });
}

/**
 * When the A/B decided, it also decides whether tonight's run becomes the
 * baseline (compare, reported only, leaves the file alone). Written to a
 * temporary file and renamed, so a failed copy leaves the old baseline whole.
 */
export function adoptBaselineStep(name: ScenarioName, condition: string): Step {
  const files = scenarioFiles(name);
  return new Step({
    id: `adopt-baseline-${name}`,
    name: `Make tonight's ${name} run the baseline (the A/B verdict allows it)`,
    if: `\${{ !cancelled() && ${condition} && (${abStatusOf(name, 'baseline-eligible')}) == 'true' }}`,
    run: `tmp=$(mktemp -p bench) && cp ${files.results} "$tmp" && mv "$tmp" ${files.baseline}`,
  });
}
