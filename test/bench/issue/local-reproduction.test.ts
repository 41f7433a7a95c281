import { expect } from 'chai';
import { describe, it } from 'mocha';
import { parseBackendConfig, backendSchema } from '../../../src/backend/config.js';
import { formatLocalReproduction, localAbPorts } from '../../../src/bench/issue/local-reproduction.js';
import { scenarios } from '../../../src/bench/scenario/scenarios.js';
import type { ConfigSchema } from '../../../src/config/index.js';
import { gatewaySchema, parseGatewayConfig } from '../../../src/gateway/config.js';

const commits = { baseline: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b', current: '9f8e7d6c5b4a39281706f5e4d3c2b1a098f7e6d5' };

/** The lines of every ```sh block, in order. */
function shellLines(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.trimEnd().split('\n'));
}

/** `A=1 B=2 node lib/x.js &` as its variables and its entry file. */
function serverLine(line: string): { env: Record<string, string>; entry: string } {
  const words = line.replace(/ &$/, '').split(' ');
  const assignments = words.filter((word) => /^[A-Z_]+=/.test(word));
  return {
    env: Object.fromEntries(assignments.map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)])),
    entry: words.at(-1)!,
  };
}

function envNames(schema: ConfigSchema): Set<string> {
  return new Set(Object.values(schema).flatMap((spec) => (spec.env === undefined ? [] : [spec.env])));
}

describe('the local reproduction of an A/B', () => {
  const lines = shellLines(formatLocalReproduction(['llm'], commits));
  const servers = lines.filter((line) => line.endsWith(' &')).map(serverLine);

  it('builds both commits side by side and runs the A/B from the current build', () => {
    expect(lines.slice(0, 4)).to.deep.equal([
      'git fetch origin',
      `git worktree add ../ab-baseline ${commits.baseline} && (cd ../ab-baseline && npm ci && npm run compile)`,
      `git worktree add ../ab-current ${commits.current} && (cd ../ab-current && npm ci && npm run compile)`,
      'cd ../ab-current',
    ]);
    expect(lines).to.include(`npx llm-bench ab --scenario llm --baseline-url http://127.0.0.1:${localAbPorts.baseline} --current-url http://127.0.0.1:${localAbPorts.current}   # --short for a quick look`);
    expect(lines.at(-1)).to.equal('kill $(jobs -p)');
  });

  it("starts the scenario's backends with its latency model, and each build's gateway in front of the same backends", () => {
    const backends = servers.filter((server) => server.entry === 'lib/backend/cli.js');
    expect(backends).to.have.length(scenarios.llm.backend.count);
    for (const backend of backends) {
      expect(backend.env).to.include(scenarios.llm.backend.env);
      const config = parseBackendConfig({ argv: [], env: backend.env });
      expect(config.host).to.equal('127.0.0.1');
    }
    const gateways = servers.filter((server) => server.entry.endsWith('lib/gateway/cli.js'));
    expect(gateways.map((gateway) => gateway.entry)).to.deep.equal(['lib/gateway/cli.js', '../ab-baseline/lib/gateway/cli.js']);
    const backendUrls = backends.map((backend) => `http://127.0.0.1:${backend.env.PORT}`);
    for (const gateway of gateways) {
      const config = parseGatewayConfig({ argv: [], env: gateway.env });
      expect(config).to.include({ host: '127.0.0.1', logLevel: 'warn' });
      expect(config.backendUrls).to.deep.equal(backendUrls);
    }
    expect(gateways.map((gateway) => Number(gateway.env.PORT))).to.deep.equal([localAbPorts.current, localAbPorts.baseline]);
  });

  it('sets no variable the servers do not read, and gives every server its own loopback port', () => {
    for (const { env, entry } of servers) {
      const known = envNames(entry.endsWith('backend/cli.js') ? backendSchema : gatewaySchema);
      expect(Object.keys(env).filter((name) => !known.has(name)), entry).to.deep.equal([]);
    }
    const ports = servers.map(({ env }) => env.PORT);
    expect(new Set(ports).size).to.equal(ports.length);
  });

  it('gives one block per scenario after the build, and placeholders for commits nobody recorded', () => {
    const both = formatLocalReproduction(['overhead', 'llm'], {});
    expect(both.match(/```sh/g)).to.have.length(3);
    expect(both).to.include('--scenario overhead').and.include('--scenario llm');
    expect(both).to.include('git worktree add ../ab-baseline <baseline-commit>').and.include('git worktree add ../ab-current <current-commit>');
  });
});
