import { Step } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { images } from './docker-steps.js';
import { runtimeFiles, scenarioFiles } from './files.js';
import { imageNamesStep, registryLoginStep, type Registry } from './registry-steps.js';
import { scenarioNames } from '../src/bench/scenario/scenarios.js';

/** The baseline build's gateway, run beside tonight's on the same backends: its own container name, tag and loopback port. */
export const baselineGateway = {
  name: `${images.gateway.name}-baseline`,
  localTag: `${images.gateway.name}:baseline`,
  port: 8002,
} as const;

export const baselineGatewayUrl = `http://127.0.0.1:${baselineGateway.port}`;

const commitStep = 'baseline-commit';
const pullStep = 'baseline-pull';
const checkoutStep = 'baseline-checkout';
const buildStep = 'baseline-build';
/** The step whose `available` output says whether the A/B runs tonight (and `reason` why not). */
export const baselineImageStep = 'baseline-image';

const commitFound = `steps.${commitStep}.outputs.commit != ''`;

/**
 * The baseline build is the commit that every scenario's stored baseline
 * result records (`environment.git_commit`). Baselines of different commits
 * (or none) leave the A/B out for the night: each scenario would need another build.
 */
function readCommitStep(condition: string): Step {
  const files = scenarioNames.map((name) => scenarioFiles(name).baseline);
  return new Step({
    id: commitStep,
    name: 'Find the commit of the baseline build',
    if: `\${{ ${condition} }}`,
    run: [
      'commit=""',
      'reason=""',
      `for file in ${files.join(' ')}; do`,
      '  recorded=""',
      '  if [ -f "$file" ]; then recorded=$(jq -r \'.environment.git_commit // ""\' "$file" || true); fi',
      '  if ! [[ "$recorded" =~ ^[0-9a-f]{40}$ ]]; then reason="$file records no commit (no baseline yet, or not a result)"; break; fi',
      '  if [ -n "$commit" ] && [ "$recorded" != "$commit" ]; then reason="the baselines come from different commits ($commit, $recorded)"; break; fi',
      '  commit="$recorded"',
      'done',
      'if [ -n "$reason" ]; then commit=""; fi',
      '{ echo "commit=$commit"; echo "reason=$reason"; } >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  });
}

/**
 * main pushes the gateway under the immutable `sha-<short>` tag of each
 * commit it builds: resolve that tag to its digest and pull the digest, so
 * the bytes measured are the ones main tested. Not there (a documentation-only
 * commit, a registry outage) is no failure: the image is built instead.
 */
function pullStepOf(): Step {
  return new Step({
    id: pullStep,
    name: 'Pull the baseline gateway image by digest',
    if: commitFound,
    env: { IMAGE: '${{ steps.image-names.outputs.gateway }}', COMMIT: `\${{ steps.${commitStep}.outputs.commit }}` },
    run: [
      'tag="$IMAGE:sha-${COMMIT::7}"',
      'if digest=$(docker buildx imagetools inspect "$tag" --format \'{{.Manifest.Digest}}\') && [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] \\',
      `  && docker pull "$IMAGE@$digest" && docker tag "$IMAGE@$digest" ${baselineGateway.localTag}; then`,
      '  echo "digest=$digest" >> "$GITHUB_OUTPUT"',
      'else',
      '  echo "::notice title=Baseline image::$tag cannot be pulled from the registry: building the gateway of $COMMIT instead"',
      'fi',
    ].join('\n'),
  });
}

/** The build from source when the registry has no image; a commit that is gone or does not build ends the A/B, not the job. */
function buildFromCommitSteps(): Step[] {
  return [
    new Step({
      'id': checkoutStep,
      'name': 'Check out the baseline commit',
      'if': `${commitFound} && steps.${pullStep}.outputs.digest == ''`,
      'continue-on-error': true,
      'uses': usesOf(actions.checkout),
      'with': { 'ref': `\${{ steps.${commitStep}.outputs.commit }}`, 'path': runtimeFiles.baselineSource, 'persist-credentials': false },
    }),
    new Step({
      'id': buildStep,
      'name': 'Build the baseline gateway image',
      'if': `steps.${checkoutStep}.outcome == 'success'`,
      'continue-on-error': true,
      'uses': usesOf(actions.buildPush),
      'with': {
        // Reads tonight's layer cache (the base image and often npm ci are shared) but never writes it.
        'context': runtimeFiles.baselineSource,
        'file': runtimeFiles.baselineDockerfile,
        'tags': baselineGateway.localTag,
        'load': true,
        'cache-from': `type=gha,scope=${images.gateway.name}`,
      },
    }),
  ];
}

/**
 * Says whether the baseline gateway image is there and where it came from;
 * when it is not, a notice says why and the cross-day comparison decides.
 */
function routeStep(condition: string): Step {
  return new Step({
    id: baselineImageStep,
    name: 'Is the baseline gateway image there?',
    if: `\${{ !cancelled() && ${condition} }}`,
    env: {
      COMMIT: `\${{ steps.${commitStep}.outputs.commit }}`,
      NO_COMMIT: `\${{ steps.${commitStep}.outputs.reason }}`,
      IMAGE: '${{ steps.image-names.outputs.gateway }}',
      DIGEST: `\${{ steps.${pullStep}.outputs.digest }}`,
      CHECKOUT: `\${{ steps.${checkoutStep}.outcome }}`,
      BUILD: `\${{ steps.${buildStep}.outcome }}`,
    },
    run: [
      'source=""',
      'reason=""',
      'if [ -n "$DIGEST" ]; then source="$IMAGE@$DIGEST"',
      'elif [ "$BUILD" = success ]; then source="built from $COMMIT"',
      'elif [ -z "$COMMIT" ]; then reason="${NO_COMMIT:-the baseline commit was not read}"',
      'elif [ "$CHECKOUT" != success ]; then reason="commit $COMMIT cannot be checked out"',
      'else reason="the gateway image of $COMMIT did not build"; fi',
      'if [ -n "$source" ]; then',
      '  echo "A/B baseline: the gateway of $COMMIT ($source)" >> "$GITHUB_STEP_SUMMARY"',
      '  { echo "available=true"; echo "source=$source"; } >> "$GITHUB_OUTPUT"',
      'else',
      '  echo "::notice title=No A/B tonight::$reason: the cross-day comparison with the stored baseline decides"',
      '  echo "No A/B tonight: $reason. The cross-day comparison with the stored baseline decides." >> "$GITHUB_STEP_SUMMARY"',
      '  { echo "available=false"; echo "reason=$reason"; } >> "$GITHUB_OUTPUT"',
      'fi',
    ].join('\n'),
  });
}

/**
 * The gateway image of the baseline's commit as `llm-gateway:baseline`:
 * pulled by digest from GHCR, else built from the commit, else unavailable
 * (with a notice). Runs after the baseline download; `condition` (an
 * expression without `${{ }}`) is the nightly's default load: a short-form
 * dispatch neither compares nor runs the A/B.
 */
export function baselineImageSteps(registry: Registry, condition: string): Step[] {
  return [
    readCommitStep(condition),
    new Step({ ...registryLoginStep(registry).step, 'if': commitFound, 'continue-on-error': true }),
    new Step({ ...imageNamesStep(registry).step, if: commitFound }),
    pullStepOf(),
    ...buildFromCommitSteps(),
    routeStep(condition),
  ];
}
