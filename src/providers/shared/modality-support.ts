/**
 * The capability check every converter runs on a media part: the vendor either takes this
 * kind and MIME type, or the request fails with a 422 naming the part. Never a silent drop.
 */

import { describeLocation, locationPath, type MediaPart } from '../../conversation/conversation.js';
import { GatewayError } from '../../errors.js';
import type { ModalitySupport, ModelTarget, ProviderCapabilities } from '../provider.js';

export function unsupportedModality(part: MediaPart, target: ModelTarget, reason: string): GatewayError {
  return new GatewayError(
    'unsupported_modality',
    `${describeLocation(part.location)}: ${part.kind} (${part.mimeType}) cannot be sent to model ` +
      `${JSON.stringify(target.alias)} (${target.provider}): ${reason}`,
    {
      details: [
        {
          path: locationPath(part.location),
          message: reason,
          messageId: part.location.messageId,
          index: part.location.index,
          kind: part.kind,
          mimeType: part.mimeType,
          model: target.alias,
          provider: target.provider,
        },
      ],
    },
  );
}

/** Returns how the vendor takes this part, or throws the 422. */
export function requireSupport(
  capabilities: ProviderCapabilities,
  part: MediaPart,
  target: ModelTarget,
): ModalitySupport {
  const support = capabilities[part.kind];
  if (support === undefined) {
    throw unsupportedModality(part, target, `${target.provider} does not accept ${part.kind} input`);
  }
  if (!support.mimeTypes.includes(part.mimeType)) {
    throw unsupportedModality(
      part,
      target,
      `${target.provider} accepts ${part.kind} only as ${support.mimeTypes.join(', ')}`,
    );
  }
  if (part.source.type === 'url' && part.source.storage !== undefined && support.storageUris !== true) {
    const what = part.source.storage === 'gcs' ? 'gs:// URIs' : 'YouTube links';
    throw unsupportedModality(part, target, `${target.provider} cannot read ${what}; only gemini can (send the file by https instead)`);
  }
  if (part.source.type === 'url' && !support.url) {
    throw unsupportedModality(part, target, `${target.provider} does not fetch ${part.kind} URLs; use attachments.mode inline`);
  }
  if (part.source.type === 'inline') {
    if (!support.inline) {
      throw unsupportedModality(part, target, `${target.provider} takes ${part.kind} only by URL`);
    }
    if (support.maxInlineBytes !== undefined && part.source.data.byteLength > support.maxInlineBytes) {
      throw unsupportedModality(
        part,
        target,
        `${part.source.data.byteLength} bytes is over ${target.provider}'s limit of ${support.maxInlineBytes} bytes per ${part.kind}`,
      );
    }
  }
  return support;
}
