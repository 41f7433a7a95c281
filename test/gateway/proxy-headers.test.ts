import { expect } from 'chai';
import { describe, it } from 'mocha';
import { downstreamResponseHeaders, upstreamRequestHeaders } from '../../src/gateway/proxy-headers.js';

describe('proxy headers', () => {
  it('forwards end-to-end request headers but never hop-by-hop ones or the client credentials', () => {
    const headers = upstreamRequestHeaders({
      'host': 'gateway:8000',
      'connection': 'keep-alive, x-secret-hop',
      'x-secret-hop': '1',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'authorization': 'Bearer client-key',
      'cookie': 'a=b',
      'accept': 'text/event-stream',
      'x-mock-fault': 'stall',
      'x-request-id': 'spoofed',
      'content-length': '999',
    }, 'req-1', Buffer.from('{}'), 'backend-key');
    expect(headers).to.deep.equal({
      'accept': 'text/event-stream',
      'x-mock-fault': 'stall',
      'x-request-id': 'req-1',
      'content-type': 'application/json',
      'content-length': 2,
      'authorization': 'Bearer backend-key',
    });
  });

  it('sends no body headers and no authorization when there is neither', () => {
    expect(upstreamRequestHeaders({ accept: '*/*' }, 'id', undefined, undefined)).to.deep.equal({ 'accept': '*/*', 'x-request-id': 'id' });
  });

  it('forwards end-to-end response headers but not hop-by-hop ones or the backend timing and id', () => {
    expect(downstreamResponseHeaders({
      'content-type': 'text/event-stream',
      'connection': 'close',
      'transfer-encoding': 'chunked',
      'x-request-id': 'req-1',
      'server-timing': 'model;dur=3',
      'retry-after': '1',
    })).to.deep.equal({ 'content-type': 'text/event-stream', 'retry-after': '1' });
  });
});
