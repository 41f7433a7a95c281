import { expect } from 'chai';
import { describe, it } from 'mocha';
import { booleanOption, formatHelp, portOption, stringOption, urlListOption } from '../../src/config/index.js';

describe('formatHelp', () => {
  it('lists each option with its flag, variable, allowed values and default, hiding secrets', () => {
    const text = formatHelp({
      usage: 'llm-thing [options]',
      summary: 'Does a thing.',
      schema: {
        port: portOption({ flag: 'port', short: 'p', env: 'PORT', description: 'Port to listen on', default: 8001 }),
        key: stringOption({ flag: 'api-key', env: 'API_KEY', description: 'API key', default: 'sk-default', secret: true }),
        urls: urlListOption({ flag: 'backend-urls', env: 'BACKEND_URLS', description: 'Upstreams' }),
        verbose: booleanOption({ flag: 'verbose', description: 'Say more' }),
      },
    });
    expect(text).to.equal([
      'Usage: llm-thing [options]',
      '',
      'Does a thing.',
      '',
      'Options:',
      '  -p, --port <value>  [env PORT]',
      '      Port to listen on (an integer from 0 to 65535; default 8001)',
      '  --api-key <value>  [env API_KEY]',
      '      API key (a non-empty string)',
      '  --backend-urls <value>  [env BACKEND_URLS]',
      '      Upstreams (comma-separated http(s) URLs)',
      '  --verbose',
      '      Say more (true or false)',
      '  -h, --help',
      '      Show this help and exit',
      '',
    ].join('\n'));
  });
});
