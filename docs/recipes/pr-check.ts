import { defineSettings } from '../../projenrc/settings/index.js';

export const settings = defineSettings({
  pullRequest: {
    jobs: [{
      id: 'supply-chain',
      name: 'Supply Chain',
      steps: [
        // Your own script: any command the repository has.
        { id: 'audit', name: 'No known high-severity vulnerability in the runtime dependencies', run: 'npm audit --omit=dev --audit-level=high' },
        // A third-party action, pinned to the commit of its release tag (look it up: git ls-remote --tags).
        {
          id: 'dependency-review',
          name: 'Dependency review',
          uses: { repository: 'actions/dependency-review-action', sha: '2031cfc080254a8a887f58cffee85186f0e49e48', version: 'v4.9.0' },
          with: { 'fail-on-severity': 'high' },
        },
      ],
    }],
  },
});
