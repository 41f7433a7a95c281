import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BenchInputError } from '../bench-input-error.js';

/** Writes through a temp file in the same folder and renames it, so readers never see half a file. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new BenchInputError(path, `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Fails before a long measurement, not after it, when `path` could not be written: its folder is missing or read-only. */
export async function checkWritable(path: string): Promise<void> {
  try {
    await access(dirname(path), constants.W_OK);
  } catch (error) {
    throw new BenchInputError(path, `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (its folder)`);
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a file, or returns undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new BenchInputError(path, `cannot read: ${code ?? (error as Error).message}`);
  }
}

export async function readJson(path: string): Promise<unknown> {
  const text = await readTextIfExists(path);
  if (text === undefined) throw new BenchInputError(path, 'file not found');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BenchInputError(path, `not valid JSON (${(error as Error).message})`);
  }
}
