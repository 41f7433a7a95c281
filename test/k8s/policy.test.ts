import { expect } from 'chai';
import { describe, it } from 'mocha';
import { settings as platformConfig } from '../../platform.config.js';
import { isImmutableImage } from '../../projenrc/k8s/environments.js';
import { resolveSettings } from '../../projenrc/settings/index.js';
import { committedObjects } from '../support/k8s-manifests.js';
import { manifestPolicyChecks } from '../support/manifest-policy.js';

for (const environment of resolveSettings(platformConfig).environments) {
  describe(`k8s/${environment.name}/ policy`, () => {
    for (const { title, check } of manifestPolicyChecks(committedObjects(environment.name), environment)) it(title, check);
  });
}

describe('isImmutableImage', () => {
  it('accepts a digest or a sha- tag and refuses tags that move', () => {
    const digest = `@sha256:${'a'.repeat(64)}`;
    for (const good of [`ghcr.io/o/llm-gateway${digest}`, 'ghcr.io/o/llm-gateway:sha-0123abc', `llm-gateway:sha-0123abc${digest}`, `localhost:5000/x${digest}`]) {
      expect(isImmutableImage(good), good).to.equal(true);
    }
    for (const bad of ['ghcr.io/o/llm-gateway', 'ghcr.io/o/llm-gateway:latest', 'ghcr.io/o/llm-gateway:main', 'x:sha-XYZ', 'localhost:5000/x', `x@sha256:${'a'.repeat(10)}`]) {
      expect(isImmutableImage(bad), bad).to.equal(false);
    }
  });
});
