/**
 * A fault-injecting loopback vendor for the reliability tests (issue 6): a real HTTP server on
 * 127.0.0.1 speaking OpenAI Chat Completions or Anthropic Messages, whose answer to each request
 * the test scripts: latency (plus optional jitter), an error status with the vendor's own error
 * body and headers (429 with `Retry-After`, 500, 503, Anthropic's 529), a connection reset before
 * the headers or in the middle of a stream, a malformed JSON body, a stall (never answers), or a
 * stream that goes silent after a few events. Successful answers are the recorded replies in
 * `fixtures/vendors/<vendor>/`, JSON or SSE by the request's own `stream` flag.
 *
 * @example
 * const vendor = await startFaultVendor('openai');
 * vendor.script(faults.status(429, { 'retry-after': '0' }), faults.reset());  // then: ok
 * // model.yaml: { provider: openai, base_url: vendor.baseUrl, api_key: ... }
 * expect(vendor.requests).toHaveLength(3);
 */

import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from './loopback-server.js';
import { readVendorFixture } from './vendor-fixtures.js';

export type VendorDialect = 'openai' | 'anthropic';

export type Fault =
  | { readonly kind: 'ok'; readonly latencyMs?: number }
  | {
      readonly kind: 'status';
      readonly status: number;
      /** Default: the dialect's own error body for that status. */
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
      readonly latencyMs?: number;
    }
  /** Destroys the socket before any byte of the answer (the client sees a connection reset). */
  | { readonly kind: 'reset'; readonly latencyMs?: number }
  /** A streamed 200 that sends `afterEvents` events, then destroys the socket. */
  | { readonly kind: 'reset-mid-stream'; readonly afterEvents: number }
  /** A 200 `application/json` whose body is cut off mid-object. */
  | { readonly kind: 'malformed-json' }
  /** Reads the request and never answers. */
  | { readonly kind: 'stall' }
  /** A streamed 200 that sends `afterEvents` events, then stays silent with the socket open. */
  | { readonly kind: 'stall-mid-stream'; readonly afterEvents: number };

export const faults = {
  ok: (latencyMs?: number): Fault => (latencyMs === undefined ? { kind: 'ok' } : { kind: 'ok', latencyMs }),
  status: (status: number, headers: Readonly<Record<string, string>> = {}, body?: unknown): Fault =>
    body === undefined ? { kind: 'status', status, headers } : { kind: 'status', status, headers, body },
  reset: (): Fault => ({ kind: 'reset' }),
  resetMidStream: (afterEvents = 2): Fault => ({ kind: 'reset-mid-stream', afterEvents }),
  malformedJson: (): Fault => ({ kind: 'malformed-json' }),
  stall: (): Fault => ({ kind: 'stall' }),
  stallMidStream: (afterEvents = 2): Fault => ({ kind: 'stall-mid-stream', afterEvents }),
} as const;

export interface FaultVendorOptions {
  /** Extra random latency in [0, jitterMs) before every answer; default 0. */
  readonly jitterMs?: number;
}

export interface FaultVendor {
  readonly dialect: VendorDialect;
  /** `base_url` in the dialect's SDK convention (OpenAI: with `/v1`; Anthropic: without). */
  readonly baseUrl: string;
  /** The path the SDK posts to. */
  readonly path: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The faults for the next requests, one each, in order; after them every request gets `fallback`. */
  script(...next: Fault[]): void;
  /** The answer once the script is used up; default `ok`. */
  otherwise(fallback: Fault): void;
  /** The recorded success body for this dialect (what `ok` sends when not streaming). */
  readonly okJson: string;
  /** The recorded SSE body for this dialect (what `ok` sends when streaming). */
  readonly okSse: string;
  /** The default error body `status` sends for a given status. */
  errorBody(status: number): unknown;
  close(): Promise<void>;
}

const fixture = (path: string): string => {
  const [vendor = '', name = ''] = path.split('/');
  return readVendorFixture(vendor, name);
};
const fixtureJson = (path: string): unknown => JSON.parse(fixture(path)) as unknown;

interface Dialect {
  readonly path: string;
  readonly okJson: string;
  readonly okSse: string;
  baseUrl(server: LoopbackServer): string;
  errorBody(status: number): unknown;
}

const dialects: Record<VendorDialect, Dialect> = {
  openai: {
    path: '/v1/chat/completions',
    okJson: fixture('openai/chat-completion.json'),
    okSse: fixture('openai/chat-completion.sse'),
    baseUrl: (server) => `${server.url}/v1`,
    errorBody(status) {
      if (status === 400) return fixtureJson('openai/error-400.json');
      if (status === 401) return fixtureJson('openai/error-401.json');
      if (status === 429) return fixtureJson('openai/error-429.json');
      if (status >= 500) return fixtureJson('openai/error-500.json');
      return { error: { message: `HTTP ${status}`, type: 'invalid_request_error', param: null, code: null } };
    },
  },
  anthropic: {
    path: '/v1/messages',
    okJson: fixture('anthropic/message.json'),
    okSse: fixture('anthropic/message.sse'),
    baseUrl: (server) => server.url,
    errorBody(status) {
      if (status === 529) return fixtureJson('anthropic/error-overloaded.json');
      if (status === 400) return fixtureJson('anthropic/error-400.json');
      const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
      return { type: 'error', error: { type, message: `HTTP ${status}` }, request_id: `req_fault_${status}` };
    },
  },
};

/** The SSE body split into its events, each with its blank-line terminator. */
function sseEvents(framed: string): string[] {
  return framed
    .split('\n\n')
    .filter((event) => event.trim() !== '')
    .map((event) => `${event}\n\n`);
}

function isStreamRequest(request: RecordedRequest): boolean {
  try {
    return (JSON.parse(request.body) as { stream?: unknown }).stream === true;
  } catch {
    return false;
  }
}

/** Resolves once the bytes are handed to the kernel (or the socket is gone). */
function writeFlushed(response: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => {
    response.write(text, () => resolve());
  });
}

async function writeEvents(response: ServerResponse, framed: string, count: number): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of sseEvents(framed).slice(0, count)) await writeFlushed(response, event);
}

async function answer(dialect: Dialect, fault: Fault, request: RecordedRequest, response: ServerResponse): Promise<void> {
  const stream = isStreamRequest(request);
  switch (fault.kind) {
    case 'ok':
      if (!stream) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(dialect.okJson);
        return;
      }
      await writeEvents(response, dialect.okSse, Number.POSITIVE_INFINITY);
      response.end();
      return;
    case 'status': {
      const body = fault.body ?? dialect.errorBody(fault.status);
      response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
      return;
    }
    case 'reset':
      response.socket?.destroy();
      return;
    case 'reset-mid-stream':
      await writeEvents(response, dialect.okSse, fault.afterEvents);
      response.socket?.destroy();
      return;
    case 'malformed-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(dialect.okJson.slice(0, Math.floor(dialect.okJson.length / 2)));
      return;
    case 'stall':
      return;
    case 'stall-mid-stream':
      await writeEvents(response, dialect.okSse, fault.afterEvents);
      return;
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
    }
  }
}

function latencyOf(fault: Fault): number {
  return 'latencyMs' in fault && fault.latencyMs !== undefined ? fault.latencyMs : 0;
}

export async function startFaultVendor(dialectName: VendorDialect, options: FaultVendorOptions = {}): Promise<FaultVendor> {
  const dialect = dialects[dialectName];
  const queue: Fault[] = [];
  let fallback: Fault = faults.ok();
  const server = await startLoopbackServer(async (request, response) => {
    const fault = queue.shift() ?? fallback;
    const wait = latencyOf(fault) + Math.floor(Math.random() * (options.jitterMs ?? 0));
    if (wait > 0) await delay(wait);
    await answer(dialect, fault, request, response);
  });
  return {
    dialect: dialectName,
    baseUrl: dialect.baseUrl(server),
    path: dialect.path,
    requests: server.requests,
    okJson: dialect.okJson,
    okSse: dialect.okSse,
    errorBody: (status) => dialect.errorBody(status),
    script(...next) {
      queue.push(...next);
    },
    otherwise(next) {
      fallback = next;
    },
    close: () => server.close(),
  };
}
