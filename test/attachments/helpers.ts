/**
 * Builders for the attachments tests: parsed parts and conversations, resolve options with
 * test-friendly defaults, and a loopback media host serving the real fixtures.
 */

import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type {
  AttachmentPart,
  AttachmentReference,
  Conversation,
  DeclaredKind,
  ParsedPart,
} from '../../src/conversation/conversation.js';
import { createAttachmentCache, type AttachmentPolicy, type ResolveOptions } from '../../src/attachments/resolve-conversation.js';
import { mediaDirectory, readMedia } from '../support/conversations.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { rejectionOf as anyRejectionOf } from '../support/thrown.js';

export interface AttachmentOptions {
  readonly declaredKind?: DeclaredKind;
  readonly declaredMimeType?: string;
  readonly filename?: string;
  readonly index?: number;
  readonly messageId?: string;
}

export function attachment(reference: AttachmentReference, options: AttachmentOptions = {}): AttachmentPart {
  return {
    type: 'attachment',
    declaredKind: options.declaredKind,
    declaredMimeType: options.declaredMimeType,
    reference,
    filename: options.filename,
    location: { messageId: options.messageId ?? 'p1', index: options.index ?? 1 },
  };
}

export function urlAttachment(url: string, options: AttachmentOptions = {}): AttachmentPart {
  return attachment({ type: 'url', url }, options);
}

/** One user turn: a text part at index 0, then the given parts. */
export function conversationWith(...parts: ParsedPart[]): Conversation<ParsedPart> {
  return {
    system: 'Be brief.',
    turns: [{ role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'Describe these.' }, ...parts] }],
    params: { maxTokens: 50 },
  };
}

export const testPolicy: AttachmentPolicy = {
  mode: 'inline',
  maxBytes: 1024 * 1024,
  timeoutMs: 5_000,
  allowPrivateNetworks: true,
  maxConcurrentFetches: 4,
};

export function resolveOptions(overrides: Partial<Omit<ResolveOptions, 'policy'>> & { policy?: Partial<AttachmentPolicy> } = {}): ResolveOptions {
  const { policy, ...rest } = overrides;
  return {
    capabilities: {},
    signal: new AbortController().signal,
    cache: createAttachmentCache(),
    warnings: [],
    ...rest,
    policy: { ...testPolicy, ...policy },
  };
}

/**
 * Serves `/media/<fixture>` with Content-Length and, when given, `?type=<Content-Type>`;
 * anything else is a 404.
 */
export function serveFixtures(request: RecordedRequest, response: ServerResponse): void {
  const url = new URL(request.url, 'http://media.test');
  const match = /^\/media\/([\w.-]+)$/.exec(url.pathname);
  if (match?.[1] === undefined || !existsSync(`${mediaDirectory}${match[1]}`)) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
    return;
  }
  const bytes = readMedia(match[1]);
  response.writeHead(200, {
    'content-type': url.searchParams.get('type') ?? 'application/octet-stream',
    'content-length': String(bytes.byteLength),
    ...(url.searchParams.has('no-store') ? { 'cache-control': 'no-store' } : {}),
  });
  response.end(bytes);
}

export function startMediaServer(): Promise<LoopbackServer> {
  return startLoopbackServer(serveFixtures);
}

/**
 * Registers a suite's media host: started before its tests, closed after them, and back to
 * serving the fixtures with an empty request log after each test (tests may script it).
 */
export function useMediaServer(): LoopbackServer {
  let started: LoopbackServer | undefined;
  const current = (): LoopbackServer => {
    if (started === undefined) throw new Error('the media server is not started yet');
    return started;
  };
  beforeAll(async () => {
    started = await startMediaServer();
  });
  afterAll(async () => {
    await current().close();
  });
  afterEach(() => {
    current().handle(serveFixtures);
    current().requests.length = 0;
  });
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    get requests() {
      return current().requests;
    },
    handle: (handler) => current().handle(handler),
    close: () => current().close(),
  };
}

/** The error a promise rejects with, which must be an `Error` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; status?: number }> {
  const error = await anyRejectionOf(promise);
  if (error instanceof Error) return error;
  throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
}
