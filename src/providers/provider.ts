/**
 * The contract between the gateway and one vendor. An adapter is two halves: a pure converter
 * (generic conversation -> the vendor's native request body, plus warnings) and the I/O that
 * sends that body through the vendor's official SDK and hands back the vendor's raw reply.
 */

import type { Conversation, MediaKind } from '../conversation/conversation.js';

export const providerIds = [
  'openai',
  'openai-responses',
  'anthropic',
  'gemini',
  'openai-compatible',
  'echo',
] as const;

export type ProviderId = (typeof providerIds)[number];

/** Media part types an OpenAI-compatible server may accept beyond images (model config `accepts`). */
export const compatibleMediaPartTypes = ['input_audio', 'audio_url', 'video_url', 'file'] as const;
export type CompatibleMediaPartType = (typeof compatibleMediaPartTypes)[number];

/** One configured model alias, as the adapters see it. */
export interface ModelTarget {
  readonly alias: string;
  readonly provider: ProviderId;
  /** The vendor's model id (`gpt-4o`, `claude-sonnet-4-5`, ...). */
  readonly model: string;
  /** Handed to the SDK unchanged, in that SDK's convention. */
  readonly baseUrl: string | undefined;
  /** Resolved key; undefined means the SDK's own environment variable. */
  readonly apiKey: string | undefined;
  /** Total time budget for one upstream call. */
  readonly timeoutMs: number | undefined;
  /** openai-compatible only: extra media part types the server accepts. */
  readonly accepts: readonly CompatibleMediaPartType[];
  /**
   * openai-compatible only: `json_schema` (the default) asks the server to enforce the schema;
   * `json_object` is the fallback for servers that only offer JSON mode (the schema is then in
   * the prompt, and the gateway validates the answer either way).
   */
  readonly structuredOutput?: 'json_schema' | 'json_object';
}

/** How a vendor takes one kind of media. */
export interface ModalitySupport {
  /** Accepted MIME types; anything else is a 422 naming the part. */
  readonly mimeTypes: readonly string[];
  /** The vendor takes the bytes in the request body. */
  readonly inline: boolean;
  /** The vendor fetches an https URL itself (used by `attachments.mode: forward`). */
  readonly url: boolean;
  /** The vendor reads gs:// and YouTube URIs (Gemini's `fileData`); nobody else can. */
  readonly storageUris?: boolean;
  /** Largest inline file the vendor takes, in bytes, where it documents one. */
  readonly maxInlineBytes?: number;
}

/** A kind missing from the table is one the vendor cannot take at all. */
export type ProviderCapabilities = Readonly<Partial<Record<MediaKind, ModalitySupport>>>;

/** A JSON-serialisable native request body. */
export type NativeBody = Readonly<Record<string, unknown>>;

export interface ConversionResult<Body extends NativeBody = NativeBody> {
  readonly body: Body;
  readonly warnings: readonly string[];
}

/** One server-sent event as the vendor framed it: its `event:` name (if any) and raw `data:`. */
export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * Events that arrived together (what one read of the vendor's socket completed), in order. The
 * relay handles a stream a batch at a time: a long stream arrives hundreds of events per read,
 * and passing them one by one through every layer cost most of the relay's CPU.
 */
export interface SseEventBatch {
  /** Never empty. */
  readonly events: readonly SseEvent[];
  /**
   * The same events exactly as the vendor's body framed them (comments and blank lines between
   * them included), when they were read from one: the relay writes this text as it is instead
   * of framing the events again.
   */
  readonly text?: string;
}

export interface UpstreamCall {
  readonly stream: boolean;
  /** Fires when the client goes away or the gateway gives up; the SDK call must stop. */
  readonly signal: AbortSignal;
}

export type UpstreamReply =
  /**
   * The vendor's JSON body exactly as received; `json` is that body parsed, once the gateway
   * has checked it (readers use it instead of parsing again).
   */
  | { readonly kind: 'json'; readonly body: string; readonly json?: unknown }
  /** The vendor's own events, in order, in the batches they arrived in. */
  | { readonly kind: 'stream'; readonly batches: AsyncIterable<SseEventBatch> };

export interface PreparedRequest {
  /** What will be sent (also the `dry_run` answer). */
  readonly body: NativeBody;
  readonly warnings: readonly string[];
  send(call: UpstreamCall): Promise<UpstreamReply>;
}

export interface ProviderAdapter {
  readonly id: ProviderId;
  capabilities(target: ModelTarget): ProviderCapabilities;
  /**
   * Converts (pure, may throw a 4xx/422 `GatewayError` for content the vendor cannot take) and
   * binds the I/O half to the result.
   */
  prepare(conversation: Conversation, target: ModelTarget): PreparedRequest;
}
