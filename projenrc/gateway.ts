import type { typescript } from 'projen';

/** The gateway: the `llm-gateway` bin (`npm start` runs it from source). */
export function setupGateway(project: typescript.TypeScriptProject): void {
  project.addBins({ 'llm-gateway': 'lib/gateway/cli.js' });
}
