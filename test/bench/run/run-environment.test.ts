import { expect } from 'chai';
import { describe, it } from 'mocha';
import { describeEnvironment } from '../../../src/bench/run/run-environment.js';

describe('describeEnvironment', () => {
  it('records time, commit, Node version and CPU', async () => {
    const environment = await describeEnvironment(new Date('2026-01-02T03:04:05Z'));
    expect(environment.timestamp).to.equal('2026-01-02T03:04:05.000Z');
    expect(environment.git_commit).to.match(/^[0-9a-f]{40}$/);
    expect(environment.node_version).to.equal(process.version);
    expect(environment.cpu_count).to.be.above(0);
    expect(environment.cpu_model).to.be.a('string').and.not.equal('');
  });
});
