import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a scratch copy leaves out: the dependencies are linked, the rest is built or history. */
const skipped = new Set(['node_modules', '.git', 'lib', 'dist', 'coverage']);

/**
 * A copy of the project at `root` in a new temporary folder, with its
 * node_modules linked, where `npx projen` may write without touching the
 * working tree. The caller removes it.
 */
export function copyProject(root: string, prefix: string): string {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  cpSync(root, scratch, { recursive: true, filter: (src) => !skipped.has(src.slice(root.length + 1).split('/')[0]!) });
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  return scratch;
}
