import { expect } from 'chai';
import { describe, it } from 'mocha';
import { applyScenario } from '../../../src/bench/run/run-command.js';
import { runSchema } from '../../../src/bench/run/run-options.js';
import { scenarios } from '../../../src/bench/scenario/scenarios.js';
import { parseConfig } from '../../../src/config/index.js';

const configOf = (argv: string[]) => parseConfig(runSchema, { argv, env: {} });

describe('applyScenario', () => {
  it('takes the whole load from the scenario, or its short form', () => {
    const { load } = scenarios.llm;
    expect(applyScenario(configOf(['--scenario', 'llm']))).to.include({
      api: 'chat', stream: true, concurrency: load.concurrency, numRequests: load.requests, warmup: load.warmup,
    });
    expect(applyScenario(configOf(['--scenario', 'overhead', '--short']))).to.include({
      stream: false, concurrency: scenarios.overhead.load.concurrency, numRequests: scenarios.overhead.load.shortRequests,
    });
  });

  it('leaves a run without a scenario as its flags say', () => {
    const config = configOf(['-c', '3']);
    expect(applyScenario(config)).to.equal(config);
  });

  it('refuses load flags beside a scenario, naming them, and --short without one', () => {
    expect(() => applyScenario(configOf(['--scenario', 'llm', '-c', '4', '--stream']))).to.throw('--scenario llm sets the load: drop --concurrency, --stream');
    expect(() => applyScenario(configOf(['--short']))).to.throw('--short needs --scenario');
  });
});
