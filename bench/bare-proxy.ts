/**
 * The floor Node sets for a reverse proxy: node:http in, node:http out over a
 * keep-alive agent (the same agent options as the gateway's upstream client),
 * bodies piped both ways, no routing, limits, retries, logs or metrics.
 * `npm run bench:gateway` measures the gateway against it. Started as a child
 * process with UPSTREAM_URL set; prints its URL once listening.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

const upstream = new URL(process.env.UPSTREAM_URL ?? '');
const agent = new Agent({ keepAlive: true, scheduling: 'lifo', noDelay: true });

function proxy(req: IncomingMessage, res: ServerResponse): void {
  const outgoing = request({
    agent, hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers,
  }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  outgoing.once('error', () => res.destroy());
  res.once('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });
  req.pipe(outgoing);
}

const server = createServer({ noDelay: true, keepAliveTimeout: 60_000 }, proxy);
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`bare-proxy: listening on http://127.0.0.1:${address.port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  agent.destroy();
});
