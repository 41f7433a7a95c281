import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { gatewayImageNodeArgs } from '../../bench/child-server.js';

describe('bench child servers: the gateway as its image runs it', () => {
  it('takes the Node options of Dockerfile.gateway, which this Node accepts', () => {
    // GIVEN the image's NODE_OPTIONS line
    const line = /^ENV NODE_OPTIONS=(.+)$/m.exec(readFileSync(new URL('../../Dockerfile.gateway', import.meta.url), 'utf8'));
    expect(line, 'Dockerfile.gateway sets NODE_OPTIONS').to.not.equal(null);
    // WHEN the benchmarks read them THEN they get the same flags, and Node starts with them
    const args = gatewayImageNodeArgs;
    expect(args).to.deep.equal(line![1]!.trim().split(/\s+/));
    expect(args).to.include('--max-semi-space-size=8');
    const started = execFileSync(process.execPath, [...args, '-p', 'require("v8").getHeapStatistics().total_available_size > 0'], { encoding: 'utf8' });
    expect(started.trim()).to.equal('true');
  });
});
