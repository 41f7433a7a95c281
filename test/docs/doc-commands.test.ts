import { expect } from 'chai';
import { describe, it } from 'mocha';
import { listDocCommands } from './doc-commands.js';

describe('listDocCommands', () => {
  it('reads shell and console blocks: joins continuations, drops comments and prompts, skips other blocks', () => {
    const doc = [
      '# Title',
      '```sh',
      'npm start   # port 8000',
      "curl -s localhost:8000/x -H 'a: #b' \\",
      "  -d '{}'",
      '',
      '```',
      '```json',
      '{"not": "a command"}',
      '```',
      '- item:',
      '  ```console',
      '  $ npx llm-gateway --help',
      '  Usage: llm-gateway',
      '  ```',
    ].join('\n');
    expect(listDocCommands('docs/x.md', doc)).to.deep.equal([
      { file: 'docs/x.md', line: 3, command: 'npm start' },
      { file: 'docs/x.md', line: 4, command: "curl -s localhost:8000/x -H 'a: #b' -d '{}'" },
      { file: 'docs/x.md', line: 13, command: 'npx llm-gateway --help' },
    ]);
  });
});
