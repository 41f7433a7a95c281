import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = resolve(import.meta.dirname, '..', '..', 'k8s');

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

export function committedEnvironments(): string[] {
  return readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Every object of the committed k8s/<environment>/*.yaml files, one document per file, as kubectl reads them. */
export function committedObjects(environment: string): CommittedObject[] {
  const dir = resolve(root, environment);
  return readdirSync(dir).filter((file) => file.endsWith('.yaml')).sort().map((file) => {
    const documents = parseAllDocuments(readFileSync(resolve(dir, file), 'utf8'));
    if (documents.length !== 1) throw new Error(`k8s/${environment}/${file} holds ${documents.length} documents, not 1`);
    return { ...documents[0]!.toJS() as CommittedObject, environment, path: `k8s/${environment}/${file}` };
  });
}
