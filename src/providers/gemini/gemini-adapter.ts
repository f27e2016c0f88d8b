/**
 * The Gemini provider: the pure converter bound to the only I/O, which goes through the
 * official `@google/genai` SDK. Large inline parts are uploaded with the SDK's Files API first;
 * then the converter's wire body is posted through the SDK's HTTP layer and Gemini's reply is
 * handed back raw — the JSON body byte for byte, or the SSE events in order.
 *
 * @see https://ai.google.dev/api/generate-content
 * @see https://ai.google.dev/gemini-api/docs/files
 */

import type { Conversation } from '../../conversation/conversation.js';
import { GatewayError } from '../../errors.js';
import type { ModelTarget, PreparedRequest, ProviderAdapter, UpstreamCall, UpstreamReply } from '../provider.js';
import type { UpstreamErrorDetail } from '../shared/upstream-error.js';
import { convertToGeminiRequest, type GeminiConversion } from './convert-to-gemini-request.js';
import { geminiCapabilities } from './gemini-capabilities.js';
import { GeminiClientCache, type GeminiWireClient } from './gemini-client.js';
import { toGeminiFailure } from './gemini-failure.js';
import {
  defaultFileUploadSettings,
  uploadPendingParts,
  withUploadedUris,
  type FileUploadSettings,
} from './gemini-file-uploader.js';
import type { GeminiRequestBody } from './gemini-request-types.js';
import { relayGeminiStream } from './relay-gemini-stream.js';
import { bodyChunks } from '../shared/undici-response.js';

export interface GeminiAdapterOptions {
  /** Raw bytes inlined per request before parts go through the Files API (default 20 MiB). */
  readonly inlineBudgetBytes?: number;
  /** How uploaded files are polled until Gemini has processed them. */
  readonly fileUpload?: FileUploadSettings;
}

/**
 * @example
 * const prepared = createGeminiAdapter().prepare(conversation, target);
 * const reply = await prepared.send({ stream: false, signal });
 */
export function createGeminiAdapter(options: GeminiAdapterOptions = {}): ProviderAdapter {
  const clients = new GeminiClientCache();
  const uploadSettings = options.fileUpload ?? defaultFileUploadSettings;
  return {
    id: 'gemini',
    capabilities: () => geminiCapabilities,
    prepare(conversation: Conversation, target: ModelTarget): PreparedRequest {
      const conversion = convertToGeminiRequest(conversation, target, {
        ...(options.inlineBudgetBytes === undefined ? {} : { inlineBudgetBytes: options.inlineBudgetBytes }),
      });
      const bodyToSend = finalBodyOnce(conversion, uploadSettings);
      return {
        body: conversion.body,
        warnings: conversion.warnings,
        send: (call) => send(clients, target, bodyToSend, call),
      };
    },
  };
}

type FinalBody = (client: GeminiWireClient, signal: AbortSignal) => Promise<GeminiRequestBody>;

/**
 * The body with uploaded URIs in place. Uploads happen once per prepared request, so the
 * gateway's retries of `send` reuse the files; a failed or aborted upload is tried afresh.
 */
function finalBodyOnce(conversion: GeminiConversion, settings: FileUploadSettings): FinalBody {
  let pending: Promise<GeminiRequestBody> | undefined;
  return (client, signal) => {
    if (conversion.uploads.length === 0) return Promise.resolve(conversion.body);
    if (pending === undefined) {
      const attempt = uploadPendingParts(client, conversion.uploads, signal, settings).then((uris) =>
        withUploadedUris(conversion.body, uris),
      );
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) pending = undefined;
      });
    }
    return pending;
  };
}

async function send(
  clients: GeminiClientCache,
  target: ModelTarget,
  finalBody: FinalBody,
  call: UpstreamCall,
): Promise<UpstreamReply> {
  try {
    const client = await clients.clientFor(target);
    const payload = JSON.stringify(await finalBody(client, call.signal));
    if (!call.stream) {
      const response = await client.postGenerateContent(target.model, payload, call.signal);
      return { kind: 'json', body: await response.responseInternal.text() };
    }
    const response = await client.postStreamGenerateContent(target.model, payload, call.signal);
    const events = bodyChunks(response.responseInternal);
    if (events === null) {
      throw new GatewayError('upstream_error', 'gemini answered the stream request without a body', {
        details: [{ provider: 'gemini', status: response.responseInternal.status, body: null } satisfies UpstreamErrorDetail],
      });
    }
    return { kind: 'stream', batches: relayGeminiStream(events, (error) => toGeminiFailure(error, call.signal)) };
  } catch (error) {
    throw toGeminiFailure(error, call.signal);
  }
}
