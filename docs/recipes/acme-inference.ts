import { defaultSettings, defineSettings } from '../../projenrc/settings/index.js';

export const settings = defineSettings({
  repository: 'acme/inference',
  // After main's first run has pushed ghcr.io/acme/llm-gateway:sha-<commit>, pin the manifests to it.
  registry: { pinnedTag: 'sha-1a2b3c4' },
  branches: { pullRequests: ['main'] },
  // 04:30 UTC on weekdays.
  nightly: { schedule: '30 4 * * 1-5' },
  gate: { limits: { failP95Pct: 15, warnP95Pct: 8, maxErrorRatePct: 0.5 } },
  environments: [
    ...defaultSettings.environments,
    { name: 'canary', namespace: 'inference-canary', gateway: { minReplicas: 1, maxReplicas: 4 }, backendReplicas: 2 },
  ],
  retentionDays: { results: 30, baselines: 90 },
});
