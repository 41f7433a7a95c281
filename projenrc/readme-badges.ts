import type { Project } from 'projen';
import { addGeneratedRegions } from './generated-regions.js';
import type { PlatformSettings } from './settings/index.js';
import type { WorkflowDocument } from '../workflows/run-scripts.js';

/**
 * The README's status badges, one per workflow, for the settings'
 * repository, written at every `npx projen` (so never a placeholder). A
 * workflow that runs on pushes shows the main branch's status, not the last
 * feature branch's.
 */
export function setupReadmeBadges(project: Project, settings: PlatformSettings, workflows: readonly WorkflowDocument[]): void {
  const actions = `https://github.com/${settings.repository}/actions/workflows`;
  const content = workflows.map(({ filename, workflow }) => {
    const file = `${filename}.yml`;
    const onPush = typeof workflow.on === 'object' && 'push' in workflow.on;
    const branch = onPush ? `?branch=${encodeURIComponent(settings.branches.main)}` : '';
    return `[![${workflow.name}](${actions}/${file}/badge.svg${branch})](${actions}/${file})\n`;
  }).join('');
  addGeneratedRegions(project, [{ doc: 'README.md', id: 'badges', source: 'platform.config.ts', content }]);
}
