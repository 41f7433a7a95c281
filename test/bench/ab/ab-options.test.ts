import { expect } from 'chai';
import { describe, it } from 'mocha';
import { abPlanOf, abSchema } from '../../../src/bench/ab/ab-options.js';
import { scenarios } from '../../../src/bench/scenario/scenarios.js';
import { parseConfig } from '../../../src/config/index.js';

const targets = ['--baseline-url', 'http://127.0.0.1:8001/', '--current-url', 'http://127.0.0.1:8002'];
const planOf = (argv: string[]) => abPlanOf(parseConfig(abSchema, { argv: [...targets, ...argv], env: {} }));

describe('abPlanOf', () => {
  it('takes the load of a round from the scenario: its round size, its short size with --short, its warm-up once per side', () => {
    const llm = planOf(['--scenario', 'llm']);
    expect(llm.load).to.include({ scenario: 'llm', stream: true, concurrency: scenarios.llm.load.concurrency, numRequests: scenarios.llm.load.roundRequests });
    expect(llm).to.deep.include({ urls: { baseline: 'http://127.0.0.1:8001', current: 'http://127.0.0.1:8002' }, rounds: 10, warmup: scenarios.llm.load.warmup, seed: 1 });
    const short = planOf(['--scenario', 'overhead', '--short', '--rounds', '6', '--seed', '9']);
    expect(short.load).to.include({ stream: false, numRequests: scenarios.overhead.load.shortRequests });
    expect(short).to.include({ rounds: 6, seed: 9, warmup: scenarios.overhead.load.shortRequests });
    expect(planOf(['--scenario', 'overhead', '--round-requests', '500']).load.numRequests).to.equal(500);
  });

  it('without a scenario, takes the load flags, rounds of 100 requests and a warm-up round per side', () => {
    const plan = planOf(['-c', '3', '--stream']);
    expect(plan.load).to.include({ scenario: undefined, concurrency: 3, stream: true, numRequests: 100 });
    expect(plan.warmup).to.equal(100);
  });

  it('refuses a missing target, too few rounds for the interval, and load flags beside a scenario', () => {
    expect(() => abPlanOf(parseConfig(abSchema, { argv: ['--current-url', 'http://127.0.0.1:1'], env: {} })))
      .to.throw('--baseline-url and --current-url are both required');
    expect(() => planOf(['--rounds', '5'])).to.throw('--rounds 5 is too few for a 95.0% interval of the paired ratios: use at least 6');
    expect(() => planOf(['--rounds', '6', '--confidence', '0.99'])).to.throw('use at least 8');
    expect(() => planOf(['--scenario', 'llm', '-c', '4'])).to.throw('--scenario llm sets the load: drop --concurrency');
    expect(() => planOf(['--api', 'generate', '--stream'])).to.throw('--stream needs --api chat or completions');
  });
});
