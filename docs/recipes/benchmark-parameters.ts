import { defineSettings } from '../../projenrc/settings/index.js';

export const settings = defineSettings({
  scenarios: {
    llm: {
      // Three backends with a slower model: 250 ms to the first token, then 20 ms a token (jitter as before).
      backend: { count: 3, env: { MOCK_TTFT_MS: '250', MOCK_ITL_MS: '20' } },
      load: { concurrency: 32, requests: 1000 },
    },
  },
});
