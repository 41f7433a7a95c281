import { typescript } from 'projen';

/**
 * platform.config.ts, the settings a user changes: type-checked with
 * .projenrc.ts (so `npx projen` and `npm test` reject a mistyped setting)
 * and linted like it.
 */
export function setupPlatformConfig(project: typescript.TypeScriptProject): void {
  const file = 'platform.config.ts';
  const projenrc = project.components.find((component) => component instanceof typescript.ProjenrcTs);
  projenrc?.tsconfig.addInclude(file);
  project.eslint?.addLintPattern(file);
  project.eslint?.allowDefaultProjectFiles(file);
}
