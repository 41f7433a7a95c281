import type { RequestLimits } from './completion-request.js';
import type { BackendConfig } from './config.js';
import { FaultInjector } from './faults.js';
import type { LatencySettings } from './latency-model.js';
import { BackendMetrics } from './metrics.js';
import type { GenerationLimits } from './text-generator.js';
import type { JsonBodyLimits } from '../http/index.js';

/** What every route of one backend instance shares: its settings, fault draws and metrics. */
export interface BackendServices {
  readonly config: BackendConfig;
  readonly limits: RequestLimits;
  readonly bodyLimits: JsonBodyLimits;
  readonly generation: GenerationLimits;
  readonly latency: LatencySettings;
  readonly faults: FaultInjector;
  readonly metrics: BackendMetrics;
}

export function createBackendServices(config: BackendConfig): BackendServices {
  return {
    config,
    limits: { models: new Set(config.models), maxModelLen: config.maxModelLen },
    bodyLimits: { maxBytes: config.maxBodyBytes, maxDepth: config.maxJsonDepth },
    generation: { minOutputTokens: config.minOutputTokens, maxOutputTokens: config.maxOutputTokens },
    latency: {
      ttftMs: config.ttftMs,
      itlMs: config.itlMs,
      ttftJitterMs: config.ttftJitterMs,
      itlJitterMs: config.itlJitterMs,
      prefillMsPerToken: config.prefillMsPerToken,
    },
    faults: new FaultInjector({
      rate: config.faultRate,
      kinds: config.faultKinds,
      seed: config.faultSeed,
      stallMs: config.stallMs,
      afterTokens: config.faultAfterTokens,
      retryAfterSeconds: config.retryAfterSeconds,
    }),
    metrics: new BackendMetrics(),
  };
}
