import { expect } from 'chai';
import { describe, it } from 'mocha';
import { SseStreamGuard } from '../../src/gateway/sse-stream-guard.js';

const chunk = (text: string): Buffer => Buffer.from(text);
const text = (buffer: Buffer | undefined): string => buffer?.toString() ?? '';

describe('SseStreamGuard', () => {
  it('passes whole valid events through unchanged and accepts a stream ending with [DONE]', () => {
    const guard = new SseStreamGuard();
    const first = chunk('data: {"a":1}\n\n');
    expect(guard.push(first)).to.equal(first);
    expect(text(guard.push(chunk(': keep-alive\n\ndata: [DONE]\n\n')))).to.equal(': keep-alive\n\ndata: [DONE]\n\n');
    expect(guard.finish()).to.equal(true);
    expect(guard.fault).to.equal(undefined);
  });

  it('holds back a partial event until its end arrives, CRLF included', () => {
    const guard = new SseStreamGuard();
    expect(guard.push(chunk('data: {"a"'))).to.equal(undefined);
    expect(text(guard.push(chunk(':1}\r\n\r\ndata: {"b"')))).to.equal('data: {"a":1}\r\n\r\n');
    expect(text(guard.push(chunk(':2}\n\n')))).to.equal('data: {"b":2}\n\n');
  });

  it('joins multi-line data before checking it', () => {
    const guard = new SseStreamGuard();
    expect(text(guard.push(chunk('event: x\ndata: {"a":\ndata: 1}\n\n')))).to.equal('event: x\ndata: {"a":\ndata: 1}\n\n');
    expect(guard.fault).to.equal(undefined);
  });

  it('stops at a malformed event, forwarding only the events before it', () => {
    const guard = new SseStreamGuard();
    expect(text(guard.push(chunk('data: {"a":1}\n\ndata: {"a":\n\ndata: {"b":2}\n\n')))).to.equal('data: {"a":1}\n\n');
    expect(guard.fault).to.equal('malformed_chunk');
    expect(guard.push(chunk('data: {"c":3}\n\n'))).to.equal(undefined);
    expect(guard.finish()).to.equal(false);
  });

  it('treats a payload that is not one JSON object as malformed, on one data line or joined from several', () => {
    for (const event of ['data: 42\n\n', 'data: [{"a":1}]\n\n', 'data: {"a":1} {"b":2}\n\n', 'data: {"a":\ndata: }\n\n', 'data: [DONE] \n\n']) {
      const guard = new SseStreamGuard();
      expect(guard.push(chunk(event)), event).to.equal(undefined);
      expect(guard.fault, event).to.equal('malformed_chunk');
    }
  });

  it('calls a stream that ends without [DONE], or mid-event, cut', () => {
    const withoutDone = new SseStreamGuard();
    withoutDone.push(chunk('data: {"a":1}\n\n'));
    expect(withoutDone.finish()).to.equal(false);
    expect(withoutDone.fault).to.equal('cut');
    const midEvent = new SseStreamGuard();
    midEvent.push(chunk('data: [DONE]\n\ndata: {"late"'));
    expect(midEvent.finish()).to.equal(false);
  });

  it('bounds what it holds back', () => {
    const guard = new SseStreamGuard();
    expect(guard.push(Buffer.alloc(1024 * 1024 + 1, 0x61))).to.equal(undefined);
    expect(guard.fault).to.equal('malformed_chunk');
  });
});
