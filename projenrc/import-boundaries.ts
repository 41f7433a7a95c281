import type { typescript } from 'projen';

interface Zone {
  readonly target: string | string[];
  readonly from: string | string[];
  readonly message: string;
}

/**
 * One folder, one job; imports point one way: the rules written down in
 * docs/architecture.md ("Import rules"). The gateway's entry file is the only
 * composition root that may start an embedded backend, and a compare verdict
 * reaches src/github only through llm-bench's issue command.
 */
const zones: Zone[] = [
  { target: './src/config', from: './src/!(config)/**', message: 'src/config is the shared loader and imports nothing else from src/.' },
  { target: './src/random', from: './src/!(random)/**', message: 'src/random is shared seeded randomness and imports nothing else from src/.' },
  { target: './src/http', from: './src/!(http)/**', message: 'src/http is the shared HTTP kit and imports nothing else from src/.' },
  { target: './src/backend', from: ['./src/gateway', './src/bench', './src/github'], message: 'the mock backend uses only src/http and src/config.' },
  { target: './src/gateway/!(cli).ts', from: './src/backend', message: 'only src/gateway/cli.ts (the composition root) may start an embedded backend.' },
  { target: './src/gateway', from: ['./src/bench', './src/github'], message: 'the gateway uses only src/http and src/config.' },
  { target: './src/bench', from: ['./src/http', './src/backend', './src/gateway'], message: 'src/bench holds no server code.' },
  { target: ['./src/bench/!(cli).ts', './src/bench/!(issue)/**'], from: './src/github', message: 'a verdict reaches src/github only through the issue command.' },
  {
    target: './workflows',
    from: ['./src/!(bench)/**', './src/bench/!(scenario)/**', './src/bench/*.ts'],
    message: 'workflows/ name npm scripts and bins; of src/ they read only the scenarios (pure data).',
  },
  { target: './src/github', from: ['./src/bench', './src/http', './src/backend', './src/gateway'], message: 'src/github talks to GitHub only; the bench CLI wires it up.' },
];

export function setupImportBoundaries(project: typescript.TypeScriptProject): void {
  project.eslint!.addRules({
    'import/no-restricted-paths': ['error', { zones }],
    // No import circles anywhere: a cycle makes load order (and so undefined bindings) depend on the entry file.
    'import/no-cycle': ['error', { ignoreExternal: true }],
  });
}
