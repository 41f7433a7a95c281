import { JsonFile, javascript, typescript } from 'projen';
import { settings as platformConfig } from './platform.config.js';
import { setupBackend } from './projenrc/backend.js';
import { setupBench } from './projenrc/bench.js';
import { setupBenchmarks } from './projenrc/benchmarks.js';
import { setupDocker } from './projenrc/docker.js';
import { setupGateway } from './projenrc/gateway.js';
import { setupImportBoundaries } from './projenrc/import-boundaries.js';
import { setupKubernetes } from './projenrc/kubernetes.js';
import { setupOptionTables } from './projenrc/option-tables.js';
import { setupPlatformConfig } from './projenrc/platform-config.js';
import { resolveSettings, SettingsError, type PlatformSettings } from './projenrc/settings/index.js';
import { setupTestTask } from './projenrc/test-task.js';
import { setupWorkflows } from './projenrc/workflows.js';

/** The project as platform.config.ts sets it up: everything a user changes comes in as `settings`. */
function synthesize(settings: PlatformSettings): void {
  const project = new typescript.TypeScriptProject({
    name: 'llm-inference-platform',
    description: 'OpenAI-compatible LLM gateway, mock LLM backend and statistical benchmark gate',
    defaultReleaseBranch: settings.branches.main,
    packageManager: javascript.NodePackageManager.NPM,
    minNodeVersion: '20.19.0',
    typescriptVersion: '~5.9',
    projenrcTs: true,
    runner: typescript.TypeScriptRunner.tsx(),
    // .github/workflows/ holds only the workflows defined in workflows/.
    github: false,
    release: false,
    depsUpgrade: false,
    pullRequestTemplate: false,
    jest: false,
    sampleCode: false,
    licensed: false,
    entrypoint: '',
    repository: `https://github.com/${settings.repository}.git`,
    eslintOptions: {
      dirs: ['src'],
      devdirs: ['test', 'projenrc'],
      commandOptions: { fix: false, extraArgs: ['--max-warnings=0'] },
    },
    tsconfig: {
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: javascript.TypeScriptModuleResolution.NODE_NEXT,
        target: 'ES2022',
        lib: ['ES2022'],
        types: ['node'],
        esModuleInterop: true,
      },
    },
    // Every runtime and test dependency is declared here, once, with why it is here.
    deps: [
      'koa',
      '@koa/router',
      'node-fetch',
      // Older versions compute wrong permutation-test p-values for samples of different sizes.
      'simple-statistics@^7.12.1',
      // The reference Prometheus client for Node (backend and gateway /metrics): writing the text exposition
      // format and histogram maths ourselves would only add bugs.
      'prom-client@^15',
      // The gateway's upstream client (Pool.dispatch): measured against node:http's agent on loopback it costs less CPU
      // per relayed request and honours backends' keep-alive hints (docs/benchmarks.md); 8.x needs Node 22.
      'undici@^7.16.0',
      // The one SSE reader wherever a stream is read (llm-bench, benchmarks, tests); 4.x needs Node 22.
      'eventsource-parser@^3.1.1',
      // GitHub's own REST client for llm-bench issue; the plugins retry 5xx and wait out primary and secondary rate
      // limits as GitHub documents, which src/github/github-client.ts did by hand.
      '@octokit/core@^7',
      '@octokit/plugin-retry@^8',
      '@octokit/plugin-throttling@^11',
      // The rate limiter both Octokit plugins run on: a group of our own spaces writes by --write-interval-ms.
      'bottleneck@^2.19.5',
      // One schema per file format (result, verdict, history): the TypeScript types are inferred from it and
      // z.toJSONSchema publishes it, so the validation, the types and the documented contract cannot drift.
      'zod@^4',
    ],
    devDeps: [
      'mocha',
      'chai',
      'c8',
      'tsx',
      '@types/mocha',
      '@types/chai',
      '@types/koa',
      '@types/node@^20',
      // The official SDK is the client the tests speak through, so we prove compatibility with what users run.
      // 7.x needs Node 22.
      'openai@^6',
      // GitHub's own evaluator of `if:` expressions, so the workflow tests read the job graph as Actions does.
      '@actions/expressions',
    ],
  });

  project.package.addField('type', 'module');
  project.addTask('start', {
    description: 'Start the gateway (port 8000)',
    exec: 'tsx src/gateway/cli.ts',
    receiveArgs: true,
  });

  new JsonFile(project, '.mocharc.json', {
    obj: {
      'spec': ['test/**/*.test.ts'],
      'node-option': ['import=tsx'],
      'reporter': './test/support/summary-reporter.ts',
      'timeout': 10000,
    },
  });

  new JsonFile(project, '.c8rc.json', {
    obj: {
      'all': true,
      'include': ['src/**'],
      'reporter': ['text-summary', 'lcov'],
      'check-coverage': true,
      'lines': 85,
      'branches': 80,
    },
  });

  setupPlatformConfig(project);
  setupTestTask(project);
  setupWorkflows(project, settings);
  setupBackend(project);
  setupBench(project, settings);
  setupBenchmarks(project);
  setupGateway(project);
  setupDocker(project);
  setupImportBoundaries(project);
  setupKubernetes(project, settings);
  setupOptionTables(project);

  project.synth();
}

try {
  synthesize(resolveSettings(platformConfig));
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
