import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import { BenchInputError } from '../../../src/bench/bench-input-error.js';
import { readJson, readTextIfExists, writeJsonAtomic } from '../../../src/bench/result/json-file.js';

describe('json-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'json-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes through a temp file and leaves only the target behind', async () => {
    const file = join(dir, 'out.json');
    await writeJsonAtomic(file, { a: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal({ a: 1 });
    expect(readdirSync(dir)).to.deep.equal(['out.json']);
  });

  it('names the file when it cannot write, and cleans up', async () => {
    const error = await writeJsonAtomic(join(dir, 'missing', 'out.json'), {}).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(BenchInputError);
    expect((error as Error).message).to.equal(`${join(dir, 'missing', 'out.json')}: cannot write: ENOENT`);
  });

  it('reads JSON, and names missing, unreadable and malformed files', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"a": ');
    expect(await readTextIfExists(join(dir, 'none.json'))).to.equal(undefined);
    expect((await readJson(bad).catch((caught: unknown) => caught) as Error).message).to.match(/bad\.json: not valid JSON \(/);
    expect((await readJson(join(dir, 'none.json')).catch((caught: unknown) => caught) as Error).message).to.match(/none\.json: file not found$/);
    expect((await readJson(dir).catch((caught: unknown) => caught) as Error).message).to.equal(`${dir}: cannot read: EISDIR`);
  });
});
