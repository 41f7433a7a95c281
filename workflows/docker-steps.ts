import { Step, type NormalJob } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { defineJob } from './job.js';
import { checkoutStep, nodeProjectSteps } from './steps.js';

export type Component = 'gateway' | 'backend';

export interface Image {
  readonly title: string;
  readonly dockerfile: string;
  /** Repository name in the registry and name of the running container. */
  readonly name: string;
  /** Tag of the image loaded into the runner's Docker: the one `npm run docker:smoke -- --no-build` tests. */
  readonly localTag: string;
  readonly port: number;
}

export const images: Record<Component, Image> = {
  gateway: { title: 'Gateway', dockerfile: 'Dockerfile.gateway', name: 'llm-gateway', localTag: 'llm-gateway:local', port: 8000 },
  backend: { title: 'Backend', dockerfile: 'Dockerfile.backend', name: 'llm-backend', localTag: 'llm-backend:local', port: 8001 },
};

export function setupBuildxStep(): Step {
  return new Step({ name: 'Set up Docker Buildx', uses: usesOf(actions.setupBuildx) });
}

export interface BuildOptions {
  /** Registry tags to push; without them the image is loaded into the runner's Docker as `localTag`. */
  readonly pushTags?: readonly string[];
}

/**
 * Builds one image with its layers cached in the GitHub Actions cache, one
 * scope per image so the two builds do not evict each other's layers.
 */
export function buildImageStep(component: Component, options: BuildOptions = {}): Step {
  const image = images[component];
  const output: Record<string, string | boolean> = options.pushTags === undefined
    ? { tags: image.localTag, load: true }
    : { tags: options.pushTags.join('\n'), push: true };
  return new Step({
    id: `build-${component}`,
    name: `Build the ${component} image`,
    uses: usesOf(actions.buildPush),
    with: {
      'context': '.',
      'file': image.dockerfile,
      ...output,
      'cache-from': `type=gha,scope=${image.name}`,
      'cache-to': `type=gha,mode=max,scope=${image.name}`,
    },
  });
}

export function runContainerStep(component: Component): Step {
  const { name, port, localTag } = images[component];
  return new Step({
    id: `run-${component}`,
    name: `Start the ${component} container`,
    // Published on loopback only: nothing outside the runner needs to reach it.
    run: `docker run --detach --name ${name} --publish 127.0.0.1:${port}:${port} ${localTag}`,
  });
}

/** Polls readiness (bounded: one minute), printing the container's log when it never gets ready. */
export function waitUntilReadyStep(component: Component): Step {
  const image = images[component];
  return new Step({
    id: `ready-${component}`,
    name: `Wait until the ${component} is ready`,
    env: { READY_URL: `http://127.0.0.1:${image.port}/readyz`, CONTAINER: image.name },
    run: [
      'for _ in $(seq 1 60); do',
      '  if curl --fail --silent --max-time 2 --output /dev/null "$READY_URL"; then',
      '    echo "ready: $READY_URL"',
      '    exit 0',
      '  fi',
      '  sleep 1',
      'done',
      'echo "::error::$CONTAINER is not ready after 60 s"',
      'docker logs "$CONTAINER"',
      'exit 1',
    ].join('\n'),
  });
}

export function removeContainersStep(components: readonly Component[]): Step {
  const names = components.map((component) => images[component].name).join(' ');
  return new Step({
    id: 'remove-containers',
    name: 'Remove containers',
    if: 'always()',
    run: `docker rm --force ${names} || true`,
  });
}

/** PR job: build one image and check that a container of it gets ready. */
export function buildImageJob(component: Component): NormalJob {
  return defineJob(`build-${component}`, {
    name: `Build ${images[component].title}`,
    permissions: { contents: 'read' },
    timeoutMinutes: 20,
    steps: [
      checkoutStep(),
      setupBuildxStep(),
      buildImageStep(component),
      runContainerStep(component),
      waitUntilReadyStep(component),
      removeContainersStep([component]),
    ],
  });
}

/**
 * Builds both images from the layer cache, then runs the Docker smoke script
 * on them: the gateway alone, the backend, and a gateway pointed at the
 * backend, each checked over HTTP, as non-root, healthy and stopped by SIGTERM.
 */
export function smokeTestSteps(smokeArgs: readonly string[]): [Step, ...Step[]] {
  return [
    ...nodeProjectSteps(),
    setupBuildxStep(),
    buildImageStep('gateway'),
    buildImageStep('backend'),
    new Step({ id: 'smoke', name: 'Docker smoke test', run: ['npm run docker:smoke --', ...smokeArgs].join(' ') }),
  ];
}
