/**
 * The `Response` the gateway's `fetch` (undici-fetch.ts) hands the vendor SDKs: a thin subclass
 * over undici's answer. The SDKs read its status, headers and text as from any `Response`; the
 * gateway's relay reads the body as the Node stream undici delivered ({@link bodyChunks}); a web
 * stream is built only for a reader that asks for `body`, and reads nothing until it does.
 * @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherrequestoptions-callback
 */

import type { Dispatcher } from 'undici';

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  return headers;
}

/**
 * A `Response` whose body stays undici's Node stream until something asks for a web stream.
 *
 * `Response` declares `headers`, `body`, `text()`... as properties, which a TypeScript subclass
 * may not redeclare as accessors or methods; so the class body implements them under their own
 * names and {@link overrideResponseMembers} installs them on the prototype under the standard
 * ones, once, when this module loads.
 */
export class UndiciResponse extends Response {
  readonly #answer: Dispatcher.ResponseData;
  readonly #url: string;
  #headers: Headers | undefined;
  #webBody: ReadableStream<Uint8Array> | undefined;

  constructor(answer: Dispatcher.ResponseData, url: string) {
    super(null, { status: answer.statusCode });
    this.#answer = answer;
    this.#url = url;
  }

  /** `headers`, built on first read: the relay itself never looks at the vendor's headers. */
  get lazyHeaders(): Headers {
    this.#headers ??= toHeaders(this.#answer.headers);
    return this.#headers;
  }

  /** `url` */
  get requestedUrl(): string {
    return this.#url;
  }

  /** `body`: a web stream over undici's, made only for a reader that wants one. */
  get webBody(): ReadableStream<Uint8Array> {
    this.#webBody ??= lazyWebStream(this.#answer.body);
    return this.#webBody;
  }

  /** `bodyUsed` */
  get nodeBodyUsed(): boolean {
    return this.#answer.body.bodyUsed;
  }

  /** `text()` */
  readText(): Promise<string> {
    return this.#answer.body.text();
  }

  /** `json()` */
  readJson(): Promise<unknown> {
    return this.#answer.body.json();
  }

  /** `arrayBuffer()` */
  readArrayBuffer(): Promise<ArrayBuffer> {
    return this.#answer.body.arrayBuffer();
  }

  /** The body exactly as undici delivers it, without a web stream in between. */
  get nodeBody(): AsyncIterable<Uint8Array> {
    return this.#answer.body;
  }
}

/**
 * A web stream over undici's body that reads nothing until its own reader asks (high-water mark
 * 0). `Readable.toWeb` starts pulling at once: an SDK that only looks at `body` (the Anthropic
 * SDK arms a clean-up with it on every call) would have a second consumer buffering the chunks
 * the relay reads.
 */
function lazyWebStream(body: Dispatcher.ResponseData['body']): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
        const next = await chunks.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
      cancel(reason) {
        body.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

function overrideResponseMembers(): void {
  const own = (name: keyof UndiciResponse): PropertyDescriptor => {
    const descriptor = Object.getOwnPropertyDescriptor(UndiciResponse.prototype, name);
    if (descriptor === undefined) throw new Error(`UndiciResponse has no ${name}`);
    return descriptor;
  };
  Object.defineProperties(UndiciResponse.prototype, {
    headers: own('lazyHeaders'),
    url: own('requestedUrl'),
    body: own('webBody'),
    bodyUsed: own('nodeBodyUsed'),
    text: own('readText'),
    json: own('readJson'),
    arrayBuffer: own('readArrayBuffer'),
  });
}
overrideResponseMembers();

/** A response body's chunks: undici's own stream when the response came from {@link undiciFetch}. */
export function bodyChunks(response: Response): AsyncIterable<Uint8Array> | null {
  if (response instanceof UndiciResponse) return response.nodeBody;
  return response.body;
}
