/**
 * The settings a user changes to make the project theirs (platform.config.ts):
 * one zod schema, the types derived from it, every default the project's own.
 */
import { formatIssues, SettingsError } from './settings-error.js';
import { settingsSchema, type PlatformSettings, type PlatformSettingsInput } from './settings-schema.js';

export { SettingsError } from './settings-error.js';
export { registryHost, type PlatformSettings, type PlatformSettingsInput } from './settings-schema.js';
export type { EnvironmentSettings } from './environment-settings.js';
export type { GateLimits } from './gate-limits.js';
export type { PullRequestJob, PullRequestStep } from './pull-request-jobs.js';

/** Types platform.config.ts's object as settings, so the editor completes and checks it. */
export function defineSettings(settings: PlatformSettingsInput): PlatformSettingsInput {
  return settings;
}

/** Every setting resolved over its default; throws a SettingsError with one line per bad setting. */
export function resolveSettings(input: PlatformSettingsInput): PlatformSettings {
  const result = settingsSchema.safeParse(input);
  if (!result.success) throw new SettingsError(formatIssues(result.error.issues));
  return result.data;
}

/** The project's own settings: what a platform.config.ts that sets nothing resolves to. */
export const defaultSettings: PlatformSettings = resolveSettings({});
