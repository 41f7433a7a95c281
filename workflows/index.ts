import type { Workflow } from '@github-actions-workflow-ts/lib';
import { mainWorkflow } from './main.js';
import { nightlyBenchWorkflow } from './nightly-bench.js';
import { prWorkflow } from './pr.js';

/** Every workflow, each written to `.github/workflows/<filename>.yml` by `npx projen`. */
export const workflows: readonly Workflow[] = [prWorkflow, mainWorkflow, nightlyBenchWorkflow];
