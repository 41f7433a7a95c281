import { javascript, type typescript } from 'projen';

/**
 * Makes a folder of development-only TypeScript (benchmark scripts, workflow
 * definitions) type-checked and linted like the tests: ESLint's project
 * service checks each file with the nearest tsconfig.json, so the folder gets
 * its own, and it may import devDependencies.
 */
export function addDevFolder(project: typescript.TypeScriptProject, folder: string): void {
  new javascript.TypescriptConfig(project, {
    fileName: `${folder}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  });
  project.eslint?.addLintPattern(folder);
  project.eslint?.allowDevDeps(`${folder}/**`);
}
