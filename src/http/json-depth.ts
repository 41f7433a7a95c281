const quote = 0x22;
const backslash = 0x5c;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`. One pass
 * over the bytes, before anything parses them: a few KB of `[[[[...` are
 * enough to exhaust the stack of any recursive walk (re-serialising, a
 * validator) further on. Brackets inside strings do not count; the text need
 * not be valid JSON (the parser judges that).
 */
export function exceedsJsonDepth(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  const length = bytes.length;
  for (let index = 0; index < length; index++) {
    const byte = bytes[index]!;
    if (byte === quote) {
      index = skipString(bytes, index + 1);
    } else if (byte === openBracket || byte === openBrace) {
      if (++depth > maxDepth) return true;
    } else if (byte === closeBracket || byte === closeBrace) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote that closes the string starting at `from` (or the end of the text). */
function skipString(bytes: Uint8Array, from: number): number {
  let index = from;
  for (;;) {
    const end = bytes.indexOf(quote, index);
    if (end < 0) return bytes.length;
    let slashes = 0;
    while (bytes[end - 1 - slashes] === backslash) slashes++;
    if (slashes % 2 === 0) return end;
    index = end + 1;
  }
}
