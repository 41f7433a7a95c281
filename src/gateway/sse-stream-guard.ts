import { isJsonObject } from './json-object-check.js';

/** Why a relayed event stream is not a well-formed OpenAI stream. */
export type StreamFault = 'malformed_chunk' | 'cut';

const lf = 0x0a;
const cr = 0x0d;
/** An event larger than this without its closing blank line is treated as malformed, so memory stays bounded. */
const maxPendingBytes = 1024 * 1024;

function isDataLine(buffer: Buffer, start: number, end: number): boolean {
  return end - start >= 5 && buffer[start] === 0x64 && buffer[start + 1] === 0x61 && buffer[start + 2] === 0x74
    && buffer[start + 3] === 0x61 && buffer[start + 4] === 0x3a;
}

const doneMarker = Buffer.from('[DONE]');

function isDone(buffer: Buffer, start: number, end: number): boolean {
  return end - start === doneMarker.length && buffer.compare(doneMarker, 0, doneMarker.length, start, end) === 0;
}

/**
 * Checks an OpenAI Server-Sent-Events stream as it is relayed: only whole
 * events are passed on, every `data:` payload must be a JSON object or
 * `[DONE]`, and the stream must end with `[DONE]`. A stream that breaks any
 * rule gets a fault, so the relay can end it with an error frame instead of
 * letting the client take a truncated answer for a complete one.
 */
export class SseStreamGuard {
  /** Set once the stream broke a rule; nothing is forwarded after that. */
  fault: StreamFault | undefined;
  private pending: Buffer | undefined;
  private done = false;

  /** The bytes of `chunk` (with what was held back) that end whole, valid events; holds back the rest. */
  push(chunk: Buffer): Buffer | undefined {
    if (this.fault !== undefined) return undefined;
    const buffer = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    let lineStart = 0;
    let eventEnd = 0;
    // An event's one data line is checked where it lies; only an event of several is joined into text.
    let dataStart = -1;
    let dataEnd = -1;
    let joined: string | undefined;
    for (let newline = buffer.indexOf(lf); newline !== -1; newline = buffer.indexOf(lf, lineStart)) {
      const lineEnd = newline > lineStart && buffer[newline - 1] === cr ? newline - 1 : newline;
      if (lineEnd === lineStart) {
        const accepted = dataStart === -1 || (joined === undefined ? this.acceptLine(buffer, dataStart, dataEnd) : this.acceptJoined(joined));
        if (!accepted) return eventEnd > 0 ? buffer.subarray(0, eventEnd) : undefined;
        dataStart = -1;
        joined = undefined;
        eventEnd = newline + 1;
      } else if (isDataLine(buffer, lineStart, lineEnd)) {
        const payloadStart = buffer[lineStart + 5] === 0x20 ? lineStart + 6 : lineStart + 5;
        if (dataStart === -1) {
          dataStart = payloadStart;
          dataEnd = lineEnd;
        } else {
          joined = `${joined ?? buffer.toString('utf8', dataStart, dataEnd)}\n${buffer.toString('utf8', payloadStart, lineEnd)}`;
        }
      }
      lineStart = newline + 1;
    }
    this.pending = eventEnd < buffer.length ? buffer.subarray(eventEnd) : undefined;
    if (this.pending !== undefined && this.pending.length > maxPendingBytes) {
      this.fault = 'malformed_chunk';
      this.pending = undefined;
    }
    if (eventEnd === 0) return undefined;
    return eventEnd === buffer.length ? buffer : buffer.subarray(0, eventEnd);
  }

  /** Called when the upstream ended cleanly: true when the stream was complete. */
  finish(): boolean {
    if (this.fault === undefined && (!this.done || this.pending !== undefined && this.pending.toString().trim() !== '')) {
      this.fault = 'cut';
    }
    return this.fault === undefined;
  }

  private acceptLine(buffer: Buffer, start: number, end: number): boolean {
    if (isDone(buffer, start, end)) this.done = true;
    else if (!isJsonObject(buffer, start, end)) this.fault = 'malformed_chunk';
    return this.fault === undefined;
  }

  private acceptJoined(data: string): boolean {
    const bytes = Buffer.from(data);
    return this.acceptLine(bytes, 0, bytes.length);
  }
}
