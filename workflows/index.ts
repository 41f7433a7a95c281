import type { Workflow } from '@github-actions-workflow-ts/lib';
import { mainWorkflow } from './main.js';
import { nightlyBenchWorkflow } from './nightly-bench.js';
import { prWorkflow } from './pr.js';
import type { PlatformSettings } from '../projenrc/settings/index.js';

/** Every workflow for these settings, each written to `.github/workflows/<filename>.yml` by `npx projen`. */
export function createWorkflows(settings: PlatformSettings): Workflow[] {
  return [prWorkflow(settings), mainWorkflow(settings), nightlyBenchWorkflow(settings)];
}
