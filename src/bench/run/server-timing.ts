const space = 32;
const tab = 9;
const dot = 46;
const zero = 48;
const nine = 57;

function skipSpaces(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && (text.charCodeAt(at) === space || text.charCodeAt(at) === tab)) at++;
  return at;
}

function endOfSpaces(text: string, from: number, to: number): number {
  let at = to;
  while (at > from && (text.charCodeAt(at - 1) === space || text.charCodeAt(at - 1) === tab)) at--;
  return at;
}

/** A plain decimal (`12`, `0.045`) between `from` and `to`; undefined for anything else (a sign, an exponent, a quote). */
function readDecimal(text: string, from: number, to: number): number | undefined {
  let value = 0;
  let scale = 0;
  let digits = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code >= zero && code <= nine) {
      value = value * 10 + (code - zero);
      if (scale > 0) scale *= 10;
      digits++;
    } else if (code === dot && scale === 0) {
      scale = 1;
    } else {
      return undefined;
    }
  }
  if (digits === 0) return undefined;
  return scale > 1 ? value / scale : value;
}

/** The `dur` parameter of one entry whose parameters start at the `;` at `from` and end at `to`. */
function readDuration(text: string, from: number, to: number): number | undefined {
  let at = from;
  while (at < to) {
    const next = text.indexOf(';', at + 1);
    const end = next < 0 || next > to ? to : next;
    const eq = text.indexOf('=', at);
    if (eq >= 0 && eq < end) {
      const nameStart = skipSpaces(text, at + 1, eq);
      if (endOfSpaces(text, nameStart, eq) - nameStart === 3 && text.startsWith('dur', nameStart)) {
        return readDecimal(text, skipSpaces(text, eq + 1, end), endOfSpaces(text, eq + 1, end));
      }
    }
    at = end;
  }
  return undefined;
}

/**
 * The duration in ms of the metric `name` in a Server-Timing header value
 * (`gateway;dur=0.045, upstream;dur=1.210`); undefined when the header has no
 * such metric or its `dur` is not a plain non-negative decimal (a quoted
 * `desc` holding `,` or `;` is not understood: no known target sends one). It reads the
 * value in place (no split, no regular expression, no string made): it runs
 * once per response on the load generator's hot path.
 */
export function readServerTiming(header: string, name: string): number | undefined {
  let start = 0;
  while (start < header.length) {
    const comma = header.indexOf(',', start);
    const end = comma < 0 ? header.length : comma;
    const nameStart = skipSpaces(header, start, end);
    const semi = header.indexOf(';', nameStart);
    const parameters = semi < 0 || semi > end ? end : semi;
    const nameEnd = endOfSpaces(header, nameStart, parameters);
    if (nameEnd - nameStart === name.length && header.startsWith(name, nameStart)) return readDuration(header, parameters, end);
    start = end + 1;
  }
  return undefined;
}
