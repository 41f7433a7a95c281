/**
 * What makes this project yours, in one place: the repository, the image
 * registry, the branches, the nightly's schedule, the gate's limits, the
 * scenarios' loads, the Kubernetes environments and main's deployment stages,
 * how long artifacts are kept, and your own checks on pull requests.
 * Every setting left out keeps its default, this project's own; your editor
 * shows each one's meaning, and docs/extending.md lists them with recipes.
 * Change it, run `npx projen` (which writes the workflows, the manifests,
 * package.json, the README's badges and the scenarios' data from it), commit
 * everything. A bad setting fails `npx projen` with one line naming it.
 */
import { defineSettings } from './projenrc/settings/index.js';

export const settings = defineSettings({});
