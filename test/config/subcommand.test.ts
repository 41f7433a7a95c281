import { expect } from 'chai';
import { describe, it } from 'mocha';
import { splitSubcommand, UsageError } from '../../src/config/index.js';

const commands = ['run', 'compare'] as const;

describe('splitSubcommand', () => {
  it('returns the command and the options after it', () => {
    expect(splitSubcommand(['run', '-n', '5'], commands)).to.deep.equal({ command: 'run', argv: ['-n', '5'] });
  });

  it('returns no command for an empty line or a top-level --help', () => {
    expect(splitSubcommand([], commands).command).to.equal(undefined);
    expect(splitSubcommand(['--help'], commands).command).to.equal(undefined);
  });

  it('names the allowed commands when the command is unknown', () => {
    expect(() => splitSubcommand(['bench'], commands)).to.throw(UsageError, "unknown command 'bench': expected one of run, compare");
  });
});
