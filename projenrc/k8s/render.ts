/**
 * `npm run --silent k8s:render -- --env staging [--gateway-image REF]
 * [--backend-image REF] [-o FILE]`: one environment's manifests as a single
 * `List` (JSON, which kubectl reads as YAML), with the images given in place
 * of the pinned ones. Only immutable images are accepted: a digest or a
 * `sha-<commit>` tag. Bad usage: one line on stderr, exit code 2.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { environmentsOf, isImmutableImage, type Environment } from './environments.js';
import { environmentManifests } from './manifests.js';
import { settings } from '../../platform.config.js';
import { resolveSettings, SettingsError } from '../settings/index.js';

class UsageError extends Error {}

function parseRenderArgs(argv: string[], environments: readonly Environment[]): { environment: Environment; output: string | undefined } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'env': { type: 'string' },
        'gateway-image': { type: 'string' },
        'backend-image': { type: 'string' },
        'output': { type: 'string', short: 'o' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const names = environments.map((environment) => environment.name).join(', ');
  const environment = environments.find((candidate) => candidate.name === values.env);
  if (environment === undefined) throw new UsageError(`--env must be one of ${names}`);
  const images = {
    gateway: values['gateway-image'] ?? environment.images.gateway,
    backend: values['backend-image'] ?? environment.images.backend,
  };
  for (const [component, image] of Object.entries(images)) {
    if (!isImmutableImage(image)) {
      throw new UsageError(`--${component}-image '${image}' can move: give a digest (@sha256:...) or a sha-<commit> tag`);
    }
  }
  return { environment: { ...environment, images }, output: values.output };
}

try {
  const { environment, output } = parseRenderArgs(process.argv.slice(2), environmentsOf(resolveSettings(settings)));
  const items = environmentManifests(environment).map(({ object }) => {
    object.validate();
    return object.toJSON();
  });
  const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`;
  if (output === undefined) {
    process.stdout.write(text);
  } else {
    writeFileSync(`${output}.tmp`, text);
    renameSync(`${output}.tmp`, output);
  }
} catch (error) {
  if (!(error instanceof UsageError) && !(error instanceof SettingsError)) throw error;
  process.stderr.write(`${error.message.split('\n').map((line) => `k8s:render: ${line}`).join('\n')}\n`);
  process.exitCode = 2;
}
