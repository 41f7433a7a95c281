import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Headers that describe one connection, not the message (RFC 9110 7.6.1), and
 * so never cross a proxy; plus the ones the gateway sets itself.
 */
const hopByHop = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'transfer-encoding', 'upgrade',
]);
const notForwardedUpstream = new Set([...hopByHop, 'host', 'authorization', 'content-length', 'expect', 'cookie']);
const notForwardedDownstream = new Set([...hopByHop, 'x-request-id', 'server-timing', 'set-cookie']);

function copyHeaders(from: IncomingHttpHeaders, skipped: ReadonlySet<string>): OutgoingHttpHeaders {
  const connection = from.connection;
  // Whatever `Connection` names is hop-by-hop too; it is rare, so the common path does no parsing.
  const listed = connection !== undefined && connection !== 'keep-alive' && connection !== 'close'
    ? new Set(connection.toLowerCase().split(',').map((name) => name.trim()))
    : undefined;
  const headers: OutgoingHttpHeaders = {};
  for (const name in from) {
    if (skipped.has(name) || listed?.has(name)) continue;
    headers[name] = from[name];
  }
  return headers;
}

/** The client's end-to-end headers (e.g. `x-mock-*`, `accept`) for the backend; never its credentials. */
export function upstreamRequestHeaders(
  client: IncomingHttpHeaders,
  requestId: string,
  body: Buffer | undefined,
  bearer: string | undefined,
): OutgoingHttpHeaders {
  const headers = copyHeaders(client, notForwardedUpstream);
  headers['x-request-id'] = requestId;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = body.length;
  }
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  return headers;
}

/** The backend's end-to-end response headers for the client; the gateway sets its own request id and timing. */
export function downstreamResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
  return copyHeaders(upstream, notForwardedDownstream);
}
