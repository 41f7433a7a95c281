import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository's own checkout; a scratch copy of the project passes its own. */
const repositoryRoot = resolve(import.meta.dirname, '..', '..');

/** A Kubernetes object as a committed YAML file holds it. */
export interface CommittedObject {
  readonly environment: string;
  /** Path relative to the repository. */
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly [field: string]: unknown;
}

export function committedEnvironments(root = repositoryRoot): string[] {
  return readdirSync(resolve(root, 'k8s'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Every object of the committed k8s/<environment>/*.yaml files, one document per file, as kubectl reads them. */
export function committedObjects(environment: string, root = repositoryRoot): CommittedObject[] {
  const dir = resolve(root, 'k8s', environment);
  return readdirSync(dir).filter((file) => file.endsWith('.yaml')).sort().map((file) => {
    const documents = parseAllDocuments(readFileSync(resolve(dir, file), 'utf8'));
    if (documents.length !== 1) throw new Error(`k8s/${environment}/${file} holds ${documents.length} documents, not 1`);
    return { ...documents[0]!.toJS() as CommittedObject, environment, path: `k8s/${environment}/${file}` };
  });
}
