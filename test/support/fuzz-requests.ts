/**
 * fast-check arbitraries for hostile requests to the OpenAI routes, shared by
 * the fuzz suites: every `badRequest` must get a 4xx in OpenAI's error shape
 * from the gateway and from the mock backend alike.
 */
import fc from 'fast-check';

export type Route = '/v1/chat/completions' | '/v1/completions' | '/generate';

export interface FuzzRequest {
  readonly route: Route;
  readonly contentType: string;
  /** The body exactly as sent (not always JSON). */
  readonly body: string;
  /** What makes it bad, for the failure message. */
  readonly why: string;
}

const routes: readonly Route[] = ['/v1/chat/completions', '/v1/completions', '/generate'];

/** A valid body for each route, as fields, before something is broken in it. */
function validFields(route: Route): Record<string, string> {
  const fields: Record<string, string> = route === '/v1/chat/completions'
    ? { model: '"mock-llm-v1"', messages: '[{"role":"user","content":"Hello"}]' }
    : route === '/v1/completions' ? { model: '"mock-llm-v1"', prompt: '"Hello"' } : { prompt: '"Hello"' };
  fields.max_tokens = '4';
  return fields;
}

function render(fields: Record<string, string>): string {
  return `{${Object.entries(fields).map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`;
}

const route = fc.constantFrom(...routes);

/** A field nested deeper than any limit we accept, in a few KB at most. */
const deeplyNested = fc.record({
  depth: fc.integer({ min: 65, max: 5000 }),
  shape: fc.constantFrom('array', 'object', 'mixed'),
}).map(({ depth, shape }) => {
  const open = shape === 'array' ? '[' : shape === 'object' ? '{"a":' : '[{"a":';
  const close = shape === 'array' ? ']' : shape === 'object' ? '}' : '}]';
  const levels = shape === 'mixed' ? Math.ceil(depth / 2) : depth;
  return `${open.repeat(levels)}1${close.repeat(levels)}`;
});

const nestedField = fc.tuple(route, deeplyNested, fc.constantFrom('messages', 'content', 'max_tokens', 'prompt', 'temperature', 'extra'))
  .map(([path, nested, field]): FuzzRequest => {
    const fields = validFields(path);
    if (field === 'content' && path === '/v1/chat/completions') fields.messages = `[{"role":"user","content":${nested}}]`;
    else fields[field] = nested;
    return { route: path, contentType: 'application/json', body: render(fields), why: `${field} nested` };
  });

/** Values JSON can spell that are out of range for the field: 1e400 parses as Infinity. */
const badNumbers: Readonly<Record<string, readonly string[]>> = {
  max_tokens: ['1e400', '-1e400', '0', '-5', '1.5', '1e300'],
  max_completion_tokens: ['1e400', '-1e400', '0', '2.5'],
  temperature: ['1e400', '-1e400', '-0.1', '2.0001', '1e300'],
  top_p: ['1e400', '-1', '1.5'],
  n: ['1e400', '0', '1.5', '-1', '129'],
  seed: ['1e400', '-1e400', '0.5', '1e300'],
  presence_penalty: ['1e400', '2.5', '-3'],
  frequency_penalty: ['-1e400', '3'],
};

const badNumber = fc.tuple(route, fc.constantFrom(...Object.keys(badNumbers)), fc.nat())
  .filter(([path, field]) => path !== '/generate' || field === 'max_tokens' || field === 'temperature')
  .map(([path, field, pick]): FuzzRequest => {
    const values = badNumbers[field]!;
    const value = values[pick % values.length]!;
    return { route: path, contentType: 'application/json', body: render({ ...validFields(path), [field]: value }), why: `${field}: ${value}` };
  });

/** Fields of the wrong type or shape. */
const wrongField = fc.tuple(route, fc.nat()).map(([path, pick]): FuzzRequest => {
  const broken: [string, string][] = path === '/v1/chat/completions'
    ? [['messages', '"hi"'], ['messages', '[]'], ['messages', '[1]'], ['messages', '[{"role":"wizard","content":"x"}]'],
      ['messages', '[{"role":"user","content":{"a":1}}]'], ['model', '7'], ['stream', '"yes"'], ['max_tokens', '"4"']]
    : path === '/v1/completions'
      ? [['prompt', '7'], ['prompt', '["a","b"]'], ['model', 'null'], ['stream', '1'], ['temperature', '"hot"']]
      : [['prompt', '7'], ['prompt', 'null'], ['max_tokens', '"many"']];
  const [field, value] = broken[pick % broken.length]!;
  return { route: path, contentType: 'application/json', body: render({ ...validFields(path), [field]: value }), why: `${field}: ${value}` };
});

/** JSON that is not an object, and text that is not JSON: cut valid bodies and noise. */
const notAnObject = fc.tuple(route, fc.oneof(
  fc.constantFrom('[]', '[1,2]', '"text"', '42', 'null', 'true'),
  fc.tuple(fc.constantFrom(...routes), fc.nat()).map(([path, cut]) => {
    const text = render(validFields(path));
    return text.slice(0, cut % text.length);
  }).filter((text) => text.length > 0),
  fc.string({ minLength: 1, maxLength: 40 }).map((noise) => `{${noise}`),
)).map(([path, body]): FuzzRequest => ({ route: path, contentType: 'application/json', body, why: `body ${JSON.stringify(body).slice(0, 60)}` }));

const wrongContentType = fc.tuple(route, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/jsonx'))
  .map(([path, contentType]): FuzzRequest => ({ route: path, contentType, body: render(validFields(path)), why: `content-type ${contentType}` }));

/** Every kind of bad request above. */
export const badRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(nestedField, badNumber, wrongField, notAnObject, wrongContentType);

const validBody = '{"model":"mock-llm-v1","messages":[{"role":"user","content":"Hi"}],"max_tokens":2}';
const validRequestText = 'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n'
  + `content-length: ${validBody.length}\r\nconnection: close\r\n\r\n${validBody}`;

/** Requests no HTTP/1.1 parser may accept: each must get a 4xx. */
export const malformedHttp: readonly string[] = [
  'NOT HTTP\r\n\r\n',
  'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n{}',
  'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n{}',
  'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}',
  'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
  'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
  'GET /healthz HTTP/1.1\r\nho\0st: x\r\n\r\n',
  'GET /healthz HTTP/9.9\r\nhost: x\r\n\r\n',
  'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
  'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n{"model":',
];

/** A valid request with a few bytes replaced, inserted or deleted: it may still be valid, but must never get a 5xx. */
export const mutatedHttp: fc.Arbitrary<string> = fc.array(
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'insert', 'delete')),
  { minLength: 1, maxLength: 3 },
).map((edits) => {
  const data = [...Buffer.from(validRequestText, 'latin1')];
  for (const [position, byte, kind] of edits) {
    const at = position % data.length;
    if (kind === 'replace') data[at] = byte;
    else if (kind === 'insert') data.splice(at, 0, byte);
    else data.splice(at, 1);
  }
  return Buffer.from(data).toString('latin1');
});
