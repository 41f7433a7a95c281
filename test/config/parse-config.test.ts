import { expect } from 'chai';
import { describe, it } from 'mocha';
import {
  booleanOption, bytesOption, choiceOption, integerOption, msOption, numberOption, parseConfig, portOption,
  stringOption, urlListOption, urlOption, UsageError, wantsHelp,
} from '../../src/config/index.js';

const schema = {
  port: portOption({ flag: 'port', short: 'p', env: 'PORT', description: 'Port to listen on', default: 8000 }),
  logLevel: choiceOption({
    flag: 'log-level', env: 'LOG_LEVEL', description: 'Log level', choices: ['debug', 'info', 'warn'] as const, default: 'info',
  }),
  backends: urlListOption({ flag: 'backend-urls', env: 'BACKEND_URLS', description: 'Upstreams' }),
  ratio: numberOption({ flag: 'ratio', env: 'RATIO', description: 'A ratio', default: 0.5, min: 0, max: 1 }),
  retries: integerOption({ flag: 'retries', description: 'Retries', default: undefined, min: 0 }),
  apiKey: stringOption({ flag: 'api-key', env: 'API_KEY', description: 'Key', default: undefined, secret: true }),
  stream: booleanOption({ flag: 'stream', env: 'STREAM', description: 'Stream' }),
  upstream: urlOption({ flag: 'url', description: 'URL', default: 'http://localhost:8000' }),
};

function expectUsageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseConfig', () => {
  it('gives every default when nothing is set', () => {
    const config = parseConfig(schema, { argv: [], env: {} });
    expect(config).to.deep.equal({
      port: 8000,
      logLevel: 'info',
      backends: [],
      ratio: 0.5,
      retries: undefined,
      apiKey: undefined,
      stream: false,
      upstream: 'http://localhost:8000',
    });
  });

  it('reads environment variables and lets flags win over them', () => {
    // GIVEN an environment and a command line that both set the port
    const env = { PORT: '9000', LOG_LEVEL: 'debug', BACKEND_URLS: 'http://a:1/, https://b:2/v1', STREAM: 'yes' };
    // WHEN parsed
    const config = parseConfig(schema, { argv: ['-p', '9100', '--retries', '3', '--url', 'http://x:9/'], env });
    // THEN the flag wins and every value is typed
    expect(config.port).to.equal(9100);
    expect(config.logLevel).to.equal('debug');
    expect(config.backends).to.deep.equal(['http://a:1', 'https://b:2/v1']);
    expect(config.retries).to.equal(3);
    expect(config.stream).to.equal(true);
    expect(config.upstream).to.equal('http://x:9');
  });

  it('treats an empty environment variable as unset', () => {
    expect(parseConfig(schema, { argv: [], env: { PORT: '' } }).port).to.equal(8000);
  });

  it('reports every bad value at once, naming the variable and the allowed values', () => {
    const message = expectUsageError(() => parseConfig(schema, {
      argv: ['--ratio', '2'],
      env: { PORT: 'abc', LOG_LEVEL: 'loud', BACKEND_URLS: 'ftp://x' },
    }));
    expect(message).to.equal(
      "PORT='abc' is invalid: expected an integer from 0 to 65535; "
      + "LOG_LEVEL='loud' is invalid: expected one of debug, info, warn; "
      + "BACKEND_URLS='ftp://x' is invalid: expected comma-separated http(s) URLs; "
      + "--ratio='2' is invalid: expected a number from 0 to 1",
    );
    expect(message).not.to.include('\n');
  });

  it('rejects numbers with trailing junk and non-integers for integer options', () => {
    expect(expectUsageError(() => parseConfig(schema, { argv: ['--port', '80x'], env: {} }))).to.include('--port');
    expect(expectUsageError(() => parseConfig(schema, { argv: ['--retries', '1.5'], env: {} }))).to.include('an integer >= 0');
    expect(expectUsageError(() => parseConfig(schema, { argv: ['--url', 'not a url'], env: {} }))).to.include('http(s) URL');
    expect(expectUsageError(() => parseConfig(schema, { argv: [], env: { STREAM: 'maybe' } }))).to.include('true or false');
  });

  it('never echoes a secret value', () => {
    const message = expectUsageError(() => parseConfig({
      key: integerOption({ flag: 'key', env: 'KEY', description: 'k', default: 1, secret: true }),
    }, { argv: [], env: { KEY: 'sk-very-secret' } }));
    expect(message).to.equal('KEY=(hidden) is invalid: expected an integer');
    expect(message).not.to.include('sk-very-secret');
  });

  it('turns unknown options, missing values and positionals into usage errors', () => {
    expect(expectUsageError(() => parseConfig(schema, { argv: ['--nope'], env: {} })))
      .to.equal("unknown option '--nope' (see --help)");
    expect(expectUsageError(() => parseConfig(schema, { argv: ['--port'], env: {} })))
      .to.equal("option '--port' needs a value");
    expect(expectUsageError(() => parseConfig(schema, { argv: ['extra'], env: {} })))
      .to.equal("unexpected argument 'extra' (see --help)");
    expect(expectUsageError(() => parseConfig(schema, { argv: ['--stream=yes'], env: {} })))
      .to.equal("option '--stream' takes no value");
  });
});

describe('wantsHelp', () => {
  it('spots --help and -h anywhere', () => {
    expect(wantsHelp(['--port', '1', '--help'])).to.equal(true);
    expect(wantsHelp(['-h'])).to.equal(true);
    expect(wantsHelp(['--port', '1'])).to.equal(false);
  });

  it('reads durations and sizes in their units and names the unit and range when out of it', () => {
    // GIVEN the two unit options every server uses
    const units = { graceMs: msOption('grace-ms', 'GRACE_MS', 'Grace', 10, 0), limitBytes: bytesOption('limit-bytes', 'LIMIT_BYTES', 'Limit', 64) };
    // WHEN / THEN
    expect(parseConfig(units, { argv: ['--grace-ms', '0'], env: { LIMIT_BYTES: '1024' } })).to.deep.equal({ graceMs: 0, limitBytes: 1024 });
    expect(expectUsageError(() => parseConfig(units, { argv: ['--limit-bytes', '0', '--grace-ms', '86400001'], env: {} })))
      .to.contain('expected milliseconds, an integer from 0 to 86400000').and.contain('expected bytes, an integer from 1 to 1073741824');
  });
});
