#!/usr/bin/env node
import { backendSchema, parseBackendConfig, startBackend } from './index.js';
import { formatHelp, runCli, UsageError, wantsHelp } from '../config/index.js';
import { ListenError } from '../http/index.js';

const summary = 'Mock LLM backend: OpenAI- and vLLM-compatible API with a latency model and fault injection.';

await runCli('llm-backend', async () => {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp({ usage: 'llm-backend [options]', summary, schema: backendSchema }));
    return 0;
  }
  const config = parseBackendConfig({ argv, env: process.env });
  const backend = await startBackend({
    ...config,
    onError: (error) => process.stderr.write(`llm-backend: unexpected error: ${(error as Error).stack ?? String(error)}\n`),
  }).catch((error: unknown) => {
    throw error instanceof ListenError ? new UsageError(error.message) : error;
  });
  process.stdout.write(`llm-backend: serving ${config.models.join(', ')} on ${backend.url} (bound to ${config.host})\n`);
  const [signal] = await Promise.race(['SIGTERM', 'SIGINT'].map((name) => new Promise<[string]>((resolve) => process.once(name, () => resolve([name])))));
  process.stdout.write(`llm-backend: ${signal}: draining (up to ${config.shutdownGraceMs} ms)\n`);
  await backend.close();
  process.stdout.write('llm-backend: stopped\n');
  return 0;
});
