#!/usr/bin/env node
import { gatewayHelp, loadGatewayConfig, startGateway } from './index.js';
import { startBackend } from '../backend/index.js';
import { runCli, UsageError, wantsHelp } from '../config/index.js';
import { ListenError } from '../http/index.js';

await runCli('llm-gateway', async () => {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(gatewayHelp);
    return 0;
  }
  const config = await loadGatewayConfig({ argv, env: process.env });
  const writeLog = (text: string): void => {
    process.stdout.write(text);
  };
  // With no backends configured, serve from the mock backend in this process, so `npm start` alone answers.
  const embedded = config.backendUrls.length === 0 ? await startBackend() : undefined;
  const backendUrls = embedded === undefined ? config.backendUrls : [embedded.url];
  const gateway = await startGateway({ ...config, backendUrls }, { writeLog }).catch(async (error: unknown) => {
    await embedded?.close();
    throw error instanceof ListenError ? new UsageError(error.message) : error;
  });
  // Lines still waiting for their batch are written however the process ends (a crash included).
  process.once('exit', () => gateway.logger.flush());
  gateway.logger.log('info', 'listening', {
    url: gateway.url, host: config.host, backends: backendUrls.length, embedded_backend: embedded !== undefined,
  });
  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGTERM', 'SIGINT']) process.once(name, () => resolve(name));
  });
  gateway.logger.log('info', 'draining', { signal, grace_period_ms: config.gracePeriodMs });
  await gateway.close();
  await embedded?.close();
  gateway.logger.log('info', 'stopped');
  gateway.logger.flush();
  return 0;
});
