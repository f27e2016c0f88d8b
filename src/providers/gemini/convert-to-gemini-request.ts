/**
 * Generic conversation -> Gemini `generateContent` REST body. Pure: no I/O, no clock.
 *
 * Gemini rules this follows: roles are `user` and `model`, and consecutive same-role turns are
 * merged because the API has answered 400 "multiturn requests alternate between user and
 * model" for runs; the system prompt is the top-level `systemInstruction`; media goes inline as
 * base64 up to a per-request budget, and by URL (`fileData`) otherwise. Parts past the budget
 * get a `gateway-upload://` placeholder URI that the adapter swaps for a Files API upload.
 *
 * @see https://ai.google.dev/api/generate-content#request-body
 * @see https://ai.google.dev/gemini-api/docs/file-input-methods
 * @see https://ai.google.dev/gemini-api/docs/structured-output (responseJsonSchema)
 */

import {
  describeLocation,
  type Conversation,
  type GenerationParams,
  type MediaPart,
  type PartLocation,
  type ResolvedPart,
  type Role,
} from '../../conversation/conversation.js';
import type { InlineData } from '../../conversation/inline-data.js';
import { GatewayError } from '../../errors.js';
import type { ConversionResult, ModelTarget } from '../provider.js';
import { requireSupport, unsupportedModality } from '../shared/modality-support.js';
import { geminiCapabilities, geminiInlineBudgetBytes, normaliseGeminiMimeType } from './gemini-capabilities.js';
import type {
  GeminiContent,
  GeminiGenerationConfig,
  GeminiPart,
  GeminiRequestBody,
  GeminiRole,
} from './gemini-request-types.js';

/** The scheme of the placeholder URIs that mark a part for upload. */
export const uploadPlaceholderScheme = 'gateway-upload:';

/** Gemini rejects more than five stop sequences (proto `GenerationConfig.stop_sequences`). */
export const geminiMaxStopSequences = 5;

/** A part whose bytes go through the Files API before the request is sent. */
export interface PendingUpload {
  /** The `fileData.fileUri` in the body that the uploaded file's URI replaces. */
  readonly placeholderUri: string;
  readonly mimeType: string;
  readonly data: InlineData;
  readonly displayName: string;
  readonly location: PartLocation;
}

export interface GeminiConversion extends ConversionResult<GeminiRequestBody> {
  /** Parts to upload before sending; empty when everything fits inline. */
  readonly uploads: readonly PendingUpload[];
}

export interface GeminiConversionOptions {
  /** Raw bytes inlined per request before parts go through the Files API. */
  readonly inlineBudgetBytes?: number;
}

export function uploadPlaceholderUri(location: PartLocation): string {
  return `${uploadPlaceholderScheme}//${encodeURIComponent(location.messageId)}/${location.index}`;
}

export function convertToGeminiRequest(
  conversation: Conversation,
  target: ModelTarget,
  { inlineBudgetBytes = geminiInlineBudgetBytes }: GeminiConversionOptions = {},
): GeminiConversion {
  const media = new MediaConverter(target, inlineBudgetBytes);
  const contents: GeminiContent[] = [];
  for (const turn of conversation.turns) {
    const parts = turn.parts.flatMap((part) => media.convertPart(part));
    if (parts.length === 0) continue;
    appendMergingRoles(contents, { role: toGeminiRole(turn.role), parts });
  }
  const generationConfig = toGenerationConfig(conversation.params);
  const body: GeminiRequestBody = {
    contents,
    ...(conversation.system !== undefined && conversation.system !== ''
      ? { systemInstruction: { parts: [{ text: conversation.system }] } }
      : {}),
    ...(generationConfig === undefined ? {} : { generationConfig }),
  };
  return { body, warnings: media.warnings, uploads: media.uploads };
}

function toGeminiRole(role: Role): GeminiRole {
  switch (role) {
    case 'user':
      return 'user';
    case 'assistant':
      return 'model';
    default: {
      const unknownRole: never = role;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
}

function appendMergingRoles(contents: GeminiContent[], next: GeminiContent): void {
  const last = contents.at(-1);
  if (last !== undefined && last.role === next.role) {
    contents[contents.length - 1] = { role: last.role, parts: [...last.parts, ...next.parts] };
  } else {
    contents.push(next);
  }
}

/** Converts parts in order, spending the inline budget first come, first served. */
class MediaConverter {
  readonly warnings: string[] = [];
  readonly uploads: PendingUpload[] = [];
  #remainingInlineBytes: number;

  constructor(
    private readonly target: ModelTarget,
    inlineBudgetBytes: number,
  ) {
    this.#remainingInlineBytes = inlineBudgetBytes;
  }

  convertPart(part: ResolvedPart): GeminiPart[] {
    switch (part.type) {
      case 'text':
        // Gemini rejects empty text parts; an empty string carries nothing to lose.
        return part.text === '' ? [] : [{ text: part.text }];
      case 'media':
        return [this.convertMedia(part)];
      default: {
        const unknownPart: never = part;
        throw new Error(`unknown part type ${JSON.stringify(unknownPart)}`);
      }
    }
  }

  private convertMedia(part: MediaPart): GeminiPart {
    if (part.source.type === 'url' && isYouTubeUrl(part.source.url)) {
      // A YouTube link has no file MIME type of its own; Gemini reads it as a video.
      if (part.kind !== 'video') {
        throw unsupportedModality(part, this.target, 'gemini takes YouTube links only as video');
      }
      return { fileData: { fileUri: part.source.url } };
    }
    requireSupport(geminiCapabilities, part, this.target);
    const mimeType = normaliseGeminiMimeType(part.mimeType);
    switch (part.source.type) {
      case 'url':
        return { fileData: { mimeType, fileUri: part.source.url } };
      case 'inline':
        return this.inlineOrUpload(part, part.source.data, mimeType);
      default: {
        const unknownSource: never = part.source;
        throw new Error(`unknown media source ${JSON.stringify(unknownSource)}`);
      }
    }
  }

  private inlineOrUpload(part: MediaPart, data: InlineData, mimeType: string): GeminiPart {
    const byteLength = data.byteLength;
    if (byteLength <= this.#remainingInlineBytes) {
      this.#remainingInlineBytes -= byteLength;
      return { inlineData: { mimeType, data: data.base64() } };
    }
    const placeholderUri = uploadPlaceholderUri(part.location);
    this.uploads.push({
      placeholderUri,
      mimeType,
      data,
      displayName: part.filename ?? `${part.location.messageId}-${part.location.index}`,
      location: part.location,
    });
    this.warnings.push(
      `${describeLocation(part.location)}: ${part.kind} (${byteLength} bytes) is sent through the Gemini Files API ` +
        `because the request's inline budget is used up; its URI replaces ${placeholderUri} when the request is sent`,
    );
    return { fileData: { mimeType, fileUri: placeholderUri } };
  }
}

const youTubeHosts = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be']);

function isYouTubeUrl(url: string): boolean {
  try {
    return youTubeHosts.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** @see https://ai.google.dev/api/generate-content#generationconfig */
function toGenerationConfig(params: GenerationParams): GeminiGenerationConfig | undefined {
  const stop = params.stop ?? [];
  if (stop.length > geminiMaxStopSequences) {
    throw new GatewayError('invalid_request', `gemini takes at most ${geminiMaxStopSequences} stop sequences`, {
      details: [{ path: 'inference_params.stop', message: `${stop.length} given, at most ${geminiMaxStopSequences}` }],
    });
  }
  const config: GeminiGenerationConfig = {
    ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
    ...(params.topP === undefined ? {} : { topP: params.topP }),
    ...(params.maxTokens === undefined ? {} : { maxOutputTokens: params.maxTokens }),
    ...(stop.length === 0 ? {} : { stopSequences: [...stop] }),
    ...(params.seed === undefined ? {} : { seed: params.seed }),
    ...(params.structuredOutput === undefined
      ? {}
      : { responseMimeType: 'application/json', responseJsonSchema: params.structuredOutput.schema }),
  };
  return Object.keys(config).length === 0 ? undefined : config;
}
