import type { z } from 'zod';

/** Bad settings in platform.config.ts: one line per problem, each naming the setting (the message names the file too). */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.map((problem) => `platform.config.ts: ${problem}`).join('\n'));
    this.name = 'SettingsError';
  }
}

/** `environments[2].gateway.minReplicas`: a setting's path as a user writes it in TypeScript. */
export function settingPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** One line per zod issue, `path: message`, and one per unknown key (a misspelt setting). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${settingPath([...issue.path, key])}: is not a setting here`);
    const path = settingPath(issue.path);
    return [path === '' ? issue.message : `${path}: ${issue.message}`];
  });
}
