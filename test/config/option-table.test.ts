import { expect } from 'chai';
import { describe, it } from 'mocha';
import { booleanOption, choiceOption, formatOptionTable, integerOption, stringOption } from '../../src/config/index.js';

describe('formatOptionTable', () => {
  it('writes one Markdown row per option with the words of --help, hiding secret defaults', () => {
    // GIVEN a schema with a short flag, a switch, a choice and a secret
    const schema = {
      port: integerOption({ flag: 'port', short: 'p', env: 'PORT', description: 'Port to listen on', default: 8000, min: 0, max: 65535 }),
      json: booleanOption({ flag: 'json', description: 'Print JSON' }),
      mode: choiceOption({ flag: 'mode', env: 'MODE', description: 'How to run', choices: ['a|b', 'c'] as const, default: 'c' }),
      token: stringOption({ flag: 'token', env: 'TOKEN', description: 'Bearer token', default: 'dev-token', secret: true }),
    };
    // WHEN
    const table = formatOptionTable(schema);
    // THEN
    expect(table.split('\n')).to.deep.equal([
      '| flag | env | default | meaning |',
      '| --- | --- | --- | --- |',
      '| `-p, --port <value>` | `PORT` | `8000` | Port to listen on (an integer from 0 to 65535) |',
      '| `--json` |  |  | Print JSON (true or false) |',
      '| `--mode <value>` | `MODE` | `c` | How to run (one of a\\|b, c) |',
      '| `--token <value>` | `TOKEN` |  | Bearer token (a non-empty string) |',
      '',
    ]);
  });
});
