/**
 * Fails when a committed generated file (or a generated region of the docs:
 * the flag tables, the README's badges) differs from what `npx projen`
 * writes now: projen is run in a scratch copy so the working tree is never
 * touched.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyProject } from './scratch-copy.js';

const root = resolve(import.meta.dirname, '..');

/** projen's own list, package.json (which it edits in place) and the Markdown files, whose generated regions it rewrites. */
function listGeneratedFiles(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, '.projen', 'files.json'), 'utf8')) as { files: string[] };
  const docs = readdirSync(join(dir, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  return [...manifest.files, 'package.json', 'README.md', ...docs];
}

function readOrNull(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

const scratch = copyProject(root, 'projen-drift-');
try {
  execFileSync('npx', ['tsx', '.projenrc.ts'], {
    cwd: scratch,
    env: { ...process.env, PROJEN_DISABLE_POST: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const generated = new Set([...listGeneratedFiles(scratch), ...listGeneratedFiles(root)]);
  const drifted = [...generated].filter((file) => readOrNull(join(root, file)) !== readOrNull(join(scratch, file)));
  if (drifted.length > 0) {
    process.stderr.write(
      `generated files differ from what .projenrc.ts writes: ${drifted.join(', ')}\n`
      + 'Do not edit generated files by hand: edit platform.config.ts or .projenrc.ts (or workflows/*.ts), run `npx projen` and commit both.\n',
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(`generated files match .projenrc.ts (${generated.size} checked)\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
