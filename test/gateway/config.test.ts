import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { after, describe, it } from 'mocha';
import { UsageError } from '../../src/config/index.js';
import { gatewayConfig, gatewayHelp, loadGatewayConfig, parseGatewayConfig } from '../../src/gateway/config.js';

describe('gateway config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to port 8000, no backends, no keys', () => {
    const config = parseGatewayConfig({ argv: [], env: {} });
    expect(config.port).to.equal(8000);
    expect(config.backendUrls).to.deep.equal([]);
    expect(config.apiKeys).to.deep.equal([]);
    expect(config.retries).to.equal(2);
    expect(config).not.to.have.property('apiKeysFile');
  });

  it('reads backends, timeouts and keys from the environment', () => {
    const config = parseGatewayConfig({
      argv: ['--retries', '4'],
      env: { BACKEND_URLS: 'http://127.0.0.1:1,http://127.0.0.1:2/', GATEWAY_API_KEYS: 'k1, k2,,', GATEWAY_TTFT_TIMEOUT_MS: '500' },
    });
    expect(config.backendUrls).to.deep.equal(['http://127.0.0.1:1', 'http://127.0.0.1:2']);
    expect(config.apiKeys).to.deep.equal(['k1', 'k2']);
    expect(config.ttftTimeoutMs).to.equal(500);
    expect(config.retries).to.equal(4);
  });

  it('turns DNS discovery on with an interval and takes DNS servers as IP[:port]', () => {
    const config = parseGatewayConfig({
      argv: [],
      env: { GATEWAY_DISCOVERY_INTERVAL_MS: '5000', GATEWAY_DNS_SERVERS: '10.96.0.10, 127.0.0.1:5353,[::1]:53,::1' },
    });
    expect(config.discoveryIntervalMs).to.equal(5000);
    expect(config.dnsServers).to.deep.equal(['10.96.0.10', '127.0.0.1:5353', '[::1]:53', '::1']);
    expect(parseGatewayConfig({ argv: [], env: {} }).discoveryIntervalMs).to.equal(0);
    for (const bad of ['kube-dns', '10.96.0.10:99999', '10.0.0.1:']) {
      expect(() => parseGatewayConfig({ argv: [], env: { GATEWAY_DNS_SERVERS: bad } }), bad)
        .to.throw(UsageError, /GATEWAY_DNS_SERVERS/);
    }
  });

  it('reports every bad value in one line and never echoes a key', () => {
    let message = '';
    try {
      parseGatewayConfig({ argv: [], env: { GATEWAY_RETRIES: '-1', BACKEND_URLS: 'nope', BACKEND_API_KEY: '' } });
    } catch (error) {
      expect(error).to.be.instanceOf(UsageError);
      message = (error as Error).message;
    }
    expect(message).to.include('GATEWAY_RETRIES').and.include('BACKEND_URLS');
  });

  it('adds keys from a file, skipping comments and blank lines', async () => {
    const file = join(dir, 'keys');
    writeFileSync(file, '# gateway keys\nsecret-a\n\n  secret-b  \n');
    const config = await loadGatewayConfig({ argv: [], env: { GATEWAY_API_KEYS_FILE: file, GATEWAY_API_KEYS: 'inline' } });
    expect(config.apiKeys).to.deep.equal(['inline', 'secret-a', 'secret-b']);
  });

  it('rejects a missing or empty keys file with a usage error', async () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '# nothing\n');
    for (const path of [join(dir, 'missing'), empty]) {
      const error = await loadGatewayConfig({ argv: [], env: { GATEWAY_API_KEYS_FILE: path } }).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(UsageError);
      expect((error as Error).message).to.include(path);
    }
  });

  it('needs no file when none is named', async () => {
    expect((await loadGatewayConfig({ argv: ['--port', '0'], env: {} })).port).to.equal(0);
  });

  it('builds an in-process config from defaults and overrides', () => {
    expect(gatewayConfig({ port: 0, backendUrls: ['http://127.0.0.1:9'] })).to.include({ port: 0, host: '0.0.0.0' });
  });

  it('lists every flag and variable in --help', () => {
    for (const name of ['--backend-urls', 'BACKEND_URLS', 'GATEWAY_API_KEYS_FILE', 'LOG_LEVEL', '--grace-period-ms']) {
      expect(gatewayHelp).to.include(name);
    }
  });
});
