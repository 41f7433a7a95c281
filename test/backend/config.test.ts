import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseBackendConfig, resolveBackendConfig } from '../../src/backend/index.js';
import { UsageError } from '../../src/config/index.js';

describe('backend config', () => {
  it('defaults to port 8001 on all interfaces serving mock-llm-v1, with no faults', () => {
    const config = parseBackendConfig({ argv: [], env: {} });
    expect(config).to.include({ port: 8001, host: '0.0.0.0', faultRate: 0, ttftMs: 50, itlMs: 10 });
    expect(config.models).to.deep.equal(['mock-llm-v1']);
  });

  it('reads flags and environment variables', () => {
    const config = parseBackendConfig({
      argv: ['--ttft-ms', '5', '--fault-kinds', 'cut,reset'],
      env: { PORT: '9000', MOCK_MODELS: 'a,b', MOCK_FAULT_RATE: '0.25', MOCK_ITL_JITTER_MS: '2' },
    });
    expect(config).to.include({ port: 9000, ttftMs: 5, faultRate: 0.25, itlJitterMs: 2 });
    expect(config.models).to.deep.equal(['a', 'b']);
    expect(config.faultKinds).to.deep.equal(['cut', 'reset']);
  });

  it('rejects inconsistent output token bounds, from flags or in-process overrides', () => {
    expect(() => parseBackendConfig({ argv: ['--min-output-tokens', '10', '--max-output-tokens', '5'], env: {} }))
      .to.throw(UsageError, 'MOCK_MIN_OUTPUT_TOKENS (10) must not exceed MOCK_MAX_OUTPUT_TOKENS (5)');
    expect(() => resolveBackendConfig({ minOutputTokens: 100 })).to.throw(UsageError);
    expect(resolveBackendConfig({ itlMs: 1 })).to.include({ itlMs: 1, port: 8001 });
  });
});
