import type { EnvironmentSettings, PlatformSettings } from '../settings/index.js';

/**
 * An environment as its manifests are written (k8s/<name>/): its settings
 * (platform.config.ts `environments`) and the images it runs. Everything
 * else (probes, security, drain timing) is the same everywhere on purpose.
 */
export interface Environment extends EnvironmentSettings {
  /**
   * The images the committed YAML pins: an immutable `:sha-<commit>` tag or
   * a digest, never a moving tag. A deploy passes the images it just tested
   * to `npm run k8s:render` (or `k8s:deploy`) instead.
   */
  readonly images: { readonly gateway: string; readonly backend: string };
}

/** The settings' environments, each pinned to main's images of `registry.pinnedTag`. */
export function environmentsOf(settings: PlatformSettings): Environment[] {
  const { images, pinnedTag } = settings.registry;
  const pinned = { gateway: `${images.gateway}:${pinnedTag}`, backend: `${images.backend}:${pinnedTag}` };
  return settings.environments.map((environment) => ({ ...environment, images: pinned }));
}

/**
 * Whether an image reference cannot move: pinned by digest, or by the
 * `sha-<commit>` tag main pushes once and never again. `latest`, `main` and
 * a missing tag all can.
 */
export function isImmutableImage(reference: string): boolean {
  const match = /^([a-z0-9][a-z0-9._/:-]*?)(?::([\w][\w.-]{0,127}))?(?:@sha256:([0-9a-f]{64}))?$/.exec(reference);
  if (match === null) return false;
  const [, , tag, digest] = match;
  return digest !== undefined || (tag !== undefined && /^sha-[0-9a-f]{7,40}$/.test(tag));
}
