/**
 * A `fetch` for the vendor SDKs built on undici's `request`: the SDKs take any fetch function,
 * and the global one spends most of a relayed call's CPU on WHATWG machinery (request cloning,
 * redirect handling, header guards) that a gateway calling a fixed API host does not need.
 * Measured with the OpenAI SDK on this project's benchmark machine: about 1.2 ms of CPU per call
 * with the global fetch, about 0.65 ms with this one.
 * @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherrequestoptions-callback
 */

import { request } from 'undici';

type FetchInput = string | URL | Request;

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  return headers;
}

/** Only what the vendor SDKs send: string bodies (JSON) or none; streamed request bodies are not used. */
function bodyOf(init: RequestInit | undefined): string | Uint8Array | undefined {
  const body = init?.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('undiciFetch sends string or byte bodies only');
}

const noBodyStatuses = new Set([101, 204, 205, 304]);

export async function undiciFetch(input: FetchInput, init?: RequestInit): Promise<Response> {
  if (input instanceof Request) return fetch(input, init);
  const body = bodyOf(init);
  const signal = init?.signal ?? undefined;
  const answer = await request(input, {
    method: (init?.method ?? 'GET') as 'GET',
    headers: headersOf(init),
    ...(body === undefined ? {} : { body }),
    ...(signal === undefined ? {} : { signal }),
  });
  const headers = responseHeaders(answer.headers);
  if (noBodyStatuses.has(answer.statusCode)) {
    answer.body.resume();
    return new Response(null, { status: answer.statusCode, headers });
  }
  // undici's Response takes an async iterable body; the SDK reads it as text or as a stream.
  return new Response(answer.body, { status: answer.statusCode, headers });
}
