import { request } from 'node:http';
import Router from '@koa/router';
import { expect } from 'chai';
import { after, before, describe, it } from 'mocha';
import { isJsonContentType, readJsonBody, type RunningServer } from '../../src/http/index.js';
import { serveRouter } from '../support/serve-router.js';

const limit = 64;

async function post(url: string, body: string, contentType?: string): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() };
}

describe('readJsonBody', () => {
  let server: RunningServer;

  before(async () => {
    const router = new Router();
    router.post('/echo', async (ctx) => {
      ctx.body = { received: await readJsonBody(ctx.req, { maxBytes: limit, maxDepth: 8 }) };
    });
    server = await serveRouter(router);
  });
  after(() => server.close());

  it('parses a JSON body', async () => {
    const result = await post(`${server.url}/echo`, '{"a":[1,2]}', 'application/json; charset=utf-8');
    expect(result).to.deep.equal({ status: 200, body: { received: { a: [1, 2] } } });
  });

  it('answers 400 invalid_json for malformed or empty bodies', async () => {
    for (const body of ['{"a":', '']) {
      const result = await post(`${server.url}/echo`, body, 'application/json');
      expect(result.status).to.equal(400);
      expect(result.body.error.code).to.equal('invalid_json');
    }
  });

  it('answers 415 unless the body is declared as JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', undefined]) {
      const result = await post(`${server.url}/echo`, '{}', type);
      expect(result.status, String(type)).to.equal(415);
      expect(result.body.error.code).to.equal('unsupported_media_type');
    }
  });

  it('answers 413 from Content-Length before reading the body', async () => {
    const result = await post(`${server.url}/echo`, JSON.stringify({ text: 'x'.repeat(limit) }), 'application/json');
    expect(result.status).to.equal(413);
    expect(result.body.error.code).to.equal('request_too_large');
  });

  it('answers 413 for a chunked body that grows past the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.write('{"text":"');
      req.write('y'.repeat(limit));
      req.end('"}');
    });
    expect(status).to.equal(413);
  });
});

describe('isJsonContentType', () => {
  it('accepts application/json in any case, with parameters', () => {
    expect(['application/json', 'Application/JSON', 'application/json;charset=utf-8', 'application/json ; x=y'].map(isJsonContentType))
      .to.deep.equal([true, true, true, true]);
    expect(['application/jso', 'text/json', 'application/json-seq', undefined].map(isJsonContentType))
      .to.deep.equal([false, false, false, false]);
  });
});
