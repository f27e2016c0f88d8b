/**
 * The attachments stage as both routes run it for one model: the manifest's policy (a route
 * may force inline), that vendor's capabilities, the shared cache, and the request's telemetry.
 */

import { resolveConversation } from '../attachments/resolve-conversation.js';
import type { Conversation, ParsedPart } from '../conversation/conversation.js';
import type { ConfiguredModel, GatewayContext } from '../gateway-context.js';
import type { RequestTelemetry } from '../http/request-telemetry.js';
import { countMedia } from '../upstream/note-model.js';
import { attachmentPolicy } from './attachment-policy.js';

export interface ResolveForModelOptions {
  readonly signal: AbortSignal;
  readonly telemetry: RequestTelemetry;
  /** Sniffing disagreements and the like are pushed here. */
  readonly warnings: string[];
  /** Overrides `attachments.mode` (predict needs the bytes of images it measures). */
  readonly mode?: 'inline' | 'forward';
}

export async function resolveForModel(
  context: GatewayContext,
  model: ConfiguredModel,
  parsed: Conversation<ParsedPart>,
  options: ResolveForModelOptions,
): Promise<Conversation> {
  const policy = attachmentPolicy(context.config.attachments);
  const conversation = await resolveConversation(parsed, {
    policy: options.mode === undefined ? policy : { ...policy, mode: options.mode },
    capabilities: context.adapters[model.target.provider].capabilities(model.target),
    signal: options.signal,
    cache: context.attachmentCache,
    warnings: options.warnings,
    onFetched: (bytes) => options.telemetry.attachmentFetched(bytes),
  });
  options.telemetry.attachments = countMedia(conversation);
  return conversation;
}
