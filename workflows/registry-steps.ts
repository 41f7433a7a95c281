import { Step } from '@github-actions-workflow-ts/lib';
import { actions, usesOf } from './actions.js';
import { images, type Component } from './docker-steps.js';
import type { PlatformSettings } from '../projenrc/settings/index.js';

/** Where main pushes the images (platform.config.ts `registry`). */
export type Registry = PlatformSettings['registry'];

export const components: readonly Component[] = ['gateway', 'backend'];

/** The only tag main pushes before the tests: it names one commit and is never moved. */
const immutableTag = 'tag=sha-${GITHUB_SHA::7}';
export const immutableTagScript = `echo "${immutableTag}" >> "$GITHUB_OUTPUT"`;

/** Tags given to the tested digests, and only to them. */
export const promotedTags = ['main', 'latest'] as const;

/** The environment variable a job reads an image reference from: GATEWAY_IMAGE, BACKEND_DIGEST... */
export function imageVariable(component: Component, part: 'IMAGE' | 'DIGEST' | 'REF'): string {
  return `${component.toUpperCase()}_${part}`;
}

export function registryLoginStep(registry: Registry): Step {
  return new Step({
    id: 'login',
    name: 'Log in to GitHub Container Registry',
    uses: usesOf(actions.login),
    with: { registry: registry.host, username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' },
  });
}

/** `<component>=ghcr.io/<owner>/<name>` for each image (the settings' registry), and the `tag` of this commit. */
export function imageNamesStep(registry: Registry): Step {
  return new Step({
    id: 'image-names',
    name: 'Image names',
    run: [
      '{',
      ...components.map((component) => `  echo "${component}=${registry.images[component]}"`),
      `  echo "${immutableTag}"`,
      '} >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  });
}

/**
 * The env that hands a job the images Build and Push pushed: repository,
 * digest, and `<repository>@<digest>`, the reference that cannot move.
 */
export function pushedImageEnv(): Record<string, string> {
  return Object.fromEntries(components.flatMap((component) => {
    const image = `\${{ needs.build-and-push.outputs.${component}-image }}`;
    const digest = `\${{ needs.build-and-push.outputs.${component}-digest }}`;
    return [
      [imageVariable(component, 'IMAGE'), image],
      [imageVariable(component, 'DIGEST'), digest],
      [imageVariable(component, 'REF'), `${image}@${digest}`],
    ];
  }));
}

/**
 * Pulls the pushed images by digest and tags them with the local tags the
 * Docker steps run (`llm-gateway:local`...): the job tests the bytes that
 * were pushed, not a rebuild. Needs {@link pushedImageEnv} on the job.
 */
export function pullImagesByDigestStep(): Step {
  return new Step({
    id: 'pull-images',
    name: 'Pull the pushed images by digest',
    run: components.flatMap((component) => {
      const ref = `"$${imageVariable(component, 'REF')}"`;
      return [`docker pull ${ref}`, `docker tag ${ref} ${images[component].localTag}`];
    }).join('\n'),
  });
}

/** Adds `:main` and `:latest` to the tested digests in the registry, without pulling or pushing a layer. */
export function promoteStep(): Step {
  return new Step({
    id: 'promote',
    name: 'Tag the tested digests main and latest',
    run: components.map((component) => {
      const tags = promotedTags.map((tag) => `--tag "$${imageVariable(component, 'IMAGE')}:${tag}"`).join(' ');
      return `docker buildx imagetools create ${tags} "$${imageVariable(component, 'REF')}"`;
    }).join('\n'),
  });
}
