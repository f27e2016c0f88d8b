/**
 * The baseline: the least a Node.js HTTP proxy can do. Each request is piped to the upstream
 * as it arrives and the answer is piped back, headers passed through, bodies never read as text
 * or JSON, connections to the upstream kept alive. Whatever the gateway costs beyond this is the
 * gateway's own work; what this costs is Node's HTTP stack on this machine.
 */

import { Agent, createServer, request as httpRequest } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the message. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {import('node:http').OutgoingHttpHeaders}
 */
function endToEndHeaders(headers) {
  /** @type {import('node:http').OutgoingHttpHeaders} */
  const kept = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!hopByHop.has(name) && value !== undefined) kept[name] = value;
  }
  return kept;
}

/**
 * @param {{ host: string, port: number }} upstream
 * @returns {import('node:http').Server}
 */
export function createBareProxy(upstream) {
  // Unlimited sockets, as the gateway's SDK clients (undici) have: the baseline must not queue.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, noDelay: true });
  return createServer({ keepAliveTimeout: 120_000, noDelay: true }, (request, response) => {
    const outgoing = httpRequest(
      {
        host: upstream.host,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: endToEndHeaders(request.headers),
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => {
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
    // A client that leaves mid-stream ends the upstream call too, as the gateway does.
    response.on('close', () => {
      if (!response.writableFinished) outgoing.destroy();
    });
    request.pipe(outgoing);
  });
}
