import { Step, type NormalJob } from '@github-actions-workflow-ts/lib';
import { defineJob } from './job.js';
import { clusterSmokeStep, deployStep } from './kubernetes-steps.js';
import { pushedImageEnv } from './registry-steps.js';
import { nodeProjectSteps } from './steps.js';
import type { EnvironmentSettings, PlatformSettings } from '../projenrc/settings/index.js';

const kubeconfigPresent = "steps.kubeconfig.outputs.present == 'true'";

function conditional(step: Step, condition: string): Step {
  return new Step({ ...step.step, if: condition });
}

function titleOf(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * One deployment stage: applies the environment's manifests with the
 * promoted digests, waits for the rollouts and smoke-tests through the
 * gateway Service. It runs in the GitHub environment of the same name, so its
 * protection rules (required reviewers, wait timers) and its KUBECONFIG
 * secret apply; its concurrency group never cancels a deployment half
 * applied; without a KUBECONFIG secret it passes with a notice instead of failing.
 */
function deploymentJob(environment: EnvironmentSettings, needs: readonly NormalJob[]): NormalJob {
  const title = `Deploy ${titleOf(environment.name)}`;
  return defineJob(`deploy-${environment.name}`, {
    name: title,
    permissions: { contents: 'read' },
    timeoutMinutes: 20,
    needs,
    environment: environment.name,
    concurrency: { 'group': `deploy-${environment.name}`, 'cancel-in-progress': false },
    env: pushedImageEnv(),
    steps: [
      new Step({
        id: 'kubeconfig',
        name: 'Write the kubeconfig',
        // Secrets cannot appear in `if:`; the kubeconfig goes to a file only this job's kubectl reads.
        env: { KUBECONFIG_CONTENT: '${{ secrets.KUBECONFIG }}' },
        run: [
          'if [ -z "$KUBECONFIG_CONTENT" ]; then',
          `  echo "::notice title=${title} skipped::no KUBECONFIG secret in the ${environment.name} environment"`,
          '  echo "present=false" >> "$GITHUB_OUTPUT"',
          '  exit 0',
          'fi',
          'kubeconfig="$RUNNER_TEMP/kubeconfig"',
          '(umask 077 && printf \'%s\\n\' "$KUBECONFIG_CONTENT" > "$kubeconfig")',
          'echo "KUBECONFIG=$kubeconfig" >> "$GITHUB_ENV"',
          'echo "present=true" >> "$GITHUB_OUTPUT"',
        ].join('\n'),
      }),
      ...nodeProjectSteps().map((step) => conditional(step, kubeconfigPresent)),
      deployStep(environment, { if: kubeconfigPresent }),
      clusterSmokeStep(environment, undefined, { if: kubeconfigPresent }),
    ],
  });
}

/**
 * main's deployment stages (platform.config.ts `deployments`), one job each,
 * in order: the first after `ready` (the jobs that pushed and promoted the
 * images), each next one after the stage before it. Every stage also needs
 * `pushed`, whose outputs name the digests.
 */
export function deploymentJobs(settings: PlatformSettings, pushed: NormalJob, ready: NormalJob): NormalJob[] {
  const environments = new Map(settings.environments.map((environment) => [environment.name, environment]));
  return settings.deployments.reduce<NormalJob[]>((jobs, stage) => {
    const previous = jobs.at(-1) ?? ready;
    return [...jobs, deploymentJob(environments.get(stage.environment)!, [pushed, previous])];
  }, []);
}
