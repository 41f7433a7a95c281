import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { typescript } from 'projen';
import { addGeneratedRegions } from './generated-regions.js';
import { defaultSettings } from './settings/index.js';
import { formatSettingsTable } from './settings-table.js';

/** The recipes of docs/extending.md, each a platform.config.ts of its own (type-checked, linted, and applied by a test). */
const recipeDir = 'docs/recipes';

/** A recipe as a user pastes it into platform.config.ts, at the top of the repository. */
function asPlatformConfig(source: string): string {
  return source.replace(/from '\.\.\/\.\.\//g, 'from \'./');
}

/**
 * platform.config.ts, the settings a user changes, and the recipes
 * docs/extending.md shows: type-checked with .projenrc.ts (so `npx projen`
 * and `npm test` reject a mistyped setting), linted like it, and each recipe
 * written into the doc from its file, so the doc shows what is checked; the
 * doc's table of settings is written from their defaults.
 */
export function setupPlatformConfig(project: typescript.TypeScriptProject): void {
  const projenrc = project.components.find((component) => component instanceof typescript.Projenrc);
  for (const files of ['platform.config.ts', `${recipeDir}/*.ts`]) {
    // The projenrc tsconfig lives in projenrc/, and its includes are relative to it.
    projenrc?.tsconfig.addInclude(`../${files}`);
    project.eslint?.allowDefaultProjectFiles(files);
  }
  project.eslint?.addLintPattern('platform.config.ts');
  project.eslint?.addLintPattern(recipeDir);
  const recipes = readdirSync(join(project.outdir, recipeDir)).filter((file) => file.endsWith('.ts')).sort();
  addGeneratedRegions(project, [
    { doc: 'docs/extending.md', id: 'settings', source: 'the settings\' defaults', content: formatSettingsTable(defaultSettings) },
    ...recipes.map((file) => ({
      doc: 'docs/extending.md',
      id: `recipe:${file.replace(/\.ts$/, '')}`,
      source: `${recipeDir}/${file}`,
      content: `\`\`\`ts\n${asPlatformConfig(readFileSync(join(project.outdir, recipeDir, file), 'utf8'))}\`\`\`\n`,
    })),
  ]);
}
