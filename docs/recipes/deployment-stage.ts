import { defineSettings } from '../../projenrc/settings/index.js';

export const settings = defineSettings({
  deployments: [{ environment: 'staging' }, { environment: 'production' }],
});
