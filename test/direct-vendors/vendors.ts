/**
 * One descriptor per vendor: how its alias is configured, where its SDK sends, which headers
 * carry the key, and which recorded replies (`fixtures/vendors/`) a loopback server answers with.
 */

import type { ServerResponse } from 'node:http';
import { expect } from 'vitest';
import type { ProviderId } from '../../src/providers/provider.js';
import { replyJson, replySse, type LoopbackServer, type RecordedRequest } from '../support/loopback-server.js';
import { readVendorFixture } from '../support/vendor-fixtures.js';

export type VendorProvider = Exclude<ProviderId, 'echo'>;
export type FixtureDirectory = 'openai' | 'openai-responses' | 'anthropic' | 'gemini';

export interface Vendor {
  readonly provider: VendorProvider;
  /** The model alias the test's model.yaml gives it. */
  readonly alias: string;
  readonly upstreamModel: string;
  readonly apiKey: string;
  readonly fixtures: FixtureDirectory;
  readonly jsonFixture: string;
  readonly sseFixture: string;
  /** `base_url` in that SDK's own convention. */
  baseUrl(server: LoopbackServer): string;
  /** Path and query the vendor's SDK posts to. */
  path(stream: boolean): string;
  /** The one header that must carry the configured key. */
  readonly keyHeader: string;
  /** Headers the vendor's SDK must send: the key, and the API version where the vendor wants one. */
  readonly authHeaders: Readonly<Record<string, unknown>>;
  isStreamRequest(request: RecordedRequest): boolean;
  /** The native body of a streamed call, from the non-streamed one. */
  streamedBody(body: Record<string, unknown>): Record<string, unknown>;
}

const streamFlag = (request: RecordedRequest): boolean => (JSON.parse(request.body) as { stream?: unknown }).stream === true;

/** A Chat Completions server (OpenAI's or a vLLM-style one): OpenAI's wire format and recorded replies. */
function chatCompletionsVendor(provider: 'openai' | 'openai-compatible', alias: string, upstreamModel: string, apiKey: string): Vendor {
  return {
    provider,
    alias,
    upstreamModel,
    apiKey,
    fixtures: 'openai',
    jsonFixture: 'chat-completion.json',
    sseFixture: 'chat-completion.sse',
    baseUrl: (server) => `${server.url}/v1`,
    path: () => '/v1/chat/completions',
    keyHeader: 'authorization',
    authHeaders: { authorization: `Bearer ${apiKey}` },
    isStreamRequest: streamFlag,
    streamedBody: (body) => ({ ...body, stream: true, stream_options: { include_usage: true } }),
  };
}

export const openAIChat = chatCompletionsVendor('openai', 'gpt', 'gpt-4o', 'sk-test-openai');

export const openAIResponses: Vendor = {
  provider: 'openai-responses',
  alias: 'gpt-responses',
  upstreamModel: 'gpt-4.1',
  apiKey: 'sk-test-responses',
  fixtures: 'openai-responses',
  jsonFixture: 'response.json',
  sseFixture: 'response.sse',
  baseUrl: (server) => `${server.url}/v1`,
  path: () => '/v1/responses',
  keyHeader: 'authorization',
  authHeaders: { authorization: 'Bearer sk-test-responses' },
  isStreamRequest: streamFlag,
  streamedBody: (body) => ({ ...body, stream: true }),
};

export const anthropic: Vendor = {
  provider: 'anthropic',
  alias: 'claude',
  upstreamModel: 'claude-sonnet-4-6',
  apiKey: 'sk-ant-test',
  fixtures: 'anthropic',
  jsonFixture: 'message.json',
  sseFixture: 'message.sse',
  baseUrl: (server) => server.url,
  path: () => '/v1/messages',
  // @anthropic-ai/sdk 1.x sends the key as a bearer token (0.x used `x-api-key`), with its own
  // pinned `anthropic-version`.
  keyHeader: 'authorization',
  authHeaders: { authorization: 'Bearer sk-ant-test', 'anthropic-version': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
  isStreamRequest: streamFlag,
  streamedBody: (body) => ({ ...body, stream: true }),
};

export const gemini: Vendor = {
  provider: 'gemini',
  alias: 'gemini',
  upstreamModel: 'gemini-2.5-flash',
  apiKey: 'gemini-test-key',
  fixtures: 'gemini',
  jsonFixture: 'generate-content.json',
  sseFixture: 'stream.sse',
  baseUrl: (server) => server.url,
  path: (stream) =>
    stream ? '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse' : '/v1beta/models/gemini-2.5-flash:generateContent',
  keyHeader: 'x-goog-api-key',
  authHeaders: { 'x-goog-api-key': 'gemini-test-key' },
  isStreamRequest: (request) => request.url.includes(':streamGenerateContent'),
  // Gemini streams by path, not by a body field.
  streamedBody: (body) => body,
};

/** A vLLM-style server. */
export const openAICompatible = chatCompletionsVendor('openai-compatible', 'local', 'llama-3.1-8b', 'local-test-key');

export const vendors: readonly Vendor[] = [openAIChat, openAIResponses, anthropic, gemini, openAICompatible];

/** Answers like the vendor: the recorded JSON body, or the recorded SSE when the call streams. */
export function replyAsVendor(vendor: Vendor): (request: RecordedRequest, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    if (vendor.isStreamRequest(request)) await replySse(response, readVendorFixture(vendor.fixtures, vendor.sseFixture));
    else replyJson(response, 200, readVendorFixture(vendor.fixtures, vendor.jsonFixture));
  };
}

/** One model.yaml entry pointing the vendor's SDK at the loopback server. */
export function modelEntry(vendor: Vendor, server: LoopbackServer): string {
  return `{ provider: ${vendor.provider}, model: ${vendor.upstreamModel}, base_url: "${vendor.baseUrl(server)}", api_key: ${vendor.apiKey} }`;
}

/** The vendor's first recorded event, framed as the vendor framed it. */
export function firstRecordedBlock(vendor: Vendor): string {
  return /^[\s\S]*?\r?\n\r?\n/.exec(readVendorFixture(vendor.fixtures, vendor.sseFixture))?.[0] ?? '';
}
