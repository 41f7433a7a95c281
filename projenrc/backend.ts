import type { typescript } from 'projen';

/** The mock LLM backend: the `llm-backend` bin and the `backend` task. */
export function setupBackend(project: typescript.TypeScriptProject): void {
  project.addBins({ 'llm-backend': 'lib/backend/cli.js' });
  project.addTask('backend', {
    description: 'Start the mock LLM backend (port 8001)',
    exec: 'tsx src/backend/cli.ts',
    receiveArgs: true,
  });
}
