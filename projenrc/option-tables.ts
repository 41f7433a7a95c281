import type { Project } from 'projen';
import { addGeneratedRegions } from './generated-regions.js';
import { backendSchema } from '../src/backend/config.js';
import { abSchema } from '../src/bench/ab/ab-options.js';
import { historyCommandSchema } from '../src/bench/changes/history-options.js';
import { compareSchema } from '../src/bench/compare/compare-options.js';
import { runSchema } from '../src/bench/run/run-options.js';
import { formatOptionTable, type ConfigSchema } from '../src/config/index.js';
import { gatewaySchema } from '../src/gateway/config.js';
import { issueSchema } from '../src/github/issue-settings.js';

/** A flag table written between `<!-- options:<id>:start -->` and `<!-- options:<id>:end -->` in a docs file. */
interface OptionTable {
  readonly doc: string;
  readonly id: string;
  readonly schema: ConfigSchema;
}

/** Every command's options, from the schemas its parser and `--help` read. A new command adds one line here. */
const optionTables: readonly OptionTable[] = [
  { doc: 'docs/gateway.md', id: 'llm-gateway', schema: gatewaySchema },
  { doc: 'docs/backend.md', id: 'llm-backend', schema: backendSchema },
  { doc: 'docs/llm-bench.md', id: 'llm-bench-run', schema: runSchema },
  { doc: 'docs/llm-bench.md', id: 'llm-bench-compare', schema: compareSchema },
  { doc: 'docs/llm-bench.md', id: 'llm-bench-ab', schema: abSchema },
  { doc: 'docs/llm-bench.md', id: 'llm-bench-history', schema: historyCommandSchema },
  { doc: 'docs/llm-bench.md', id: 'llm-bench-issue', schema: issueSchema },
];

/** The flag tables of docs/, written from the option schemas at every `npx projen`, so they say what `--help` says. */
export function setupOptionTables(project: Project): void {
  addGeneratedRegions(project, optionTables.map(({ doc, id, schema }) => ({
    doc, id: `options:${id}`, source: 'the option schema', content: formatOptionTable(schema),
  })));
}
