/**
 * Data-row attachments (labelbox.md §4.1) as parts of the first human message, when
 * `inference_params.use_attachments` is true. An unknown type is a 400, never dropped.
 */

import { dataRowAttachmentsMessageId, type DeclaredKind, type ParsedPart, type PartLocation } from '../conversation/conversation.js';
import { GatewayError } from '../errors.js';
import { referenceFromLocator } from './content-items.js';
import type { DataRowAttachment } from './envelope.js';

export const dataRowAttachmentsLocation = dataRowAttachmentsMessageId;

const kinds: Readonly<Record<string, DeclaredKind>> = {
  IMAGE: 'image',
  IMAGE_OVERLAY: 'image',
  VIDEO: 'video',
  AUDIO: 'audio',
  PDF_URL: 'pdf',
  TEXT_URL: 'text',
  HTML: 'html',
};

const looksLikeUrl = (value: string): boolean => /^(https?|gs):\/\//i.test(value) || value.startsWith('data:');

export function parseDataRowAttachment(attachment: DataRowAttachment, index: number): ParsedPart {
  const location: PartLocation = { messageId: dataRowAttachmentsLocation, index };
  const filename = attachment.name;
  if (attachment.type === 'RAW_TEXT' && !looksLikeUrl(attachment.value)) {
    return { type: 'text', text: filename === undefined ? attachment.value : `${filename}:\n${attachment.value}` };
  }
  if (attachment.type === 'HTML' && !looksLikeUrl(attachment.value)) {
    return {
      type: 'attachment',
      declaredKind: 'html',
      declaredMimeType: 'text/html',
      reference: { type: 'inline-text', text: attachment.value },
      filename,
      location,
    };
  }
  const kind = attachment.type === 'RAW_TEXT' ? 'text' : kinds[attachment.type];
  if (kind === undefined && !Object.hasOwn(kinds, attachment.type)) {
    throw new GatewayError(
      'unsupported_content',
      `${dataRowAttachmentsLocation}[${index}]: attachment type ${JSON.stringify(attachment.type)} is not supported`,
      { details: [{ path: `${dataRowAttachmentsLocation}.${index}.type`, message: 'unsupported attachment type' }] },
    );
  }
  const { reference, mimeType } = referenceFromLocator(attachment.value);
  return { type: 'attachment', declaredKind: kind, declaredMimeType: mimeType, reference, filename, location };
}

export function parseDataRowAttachments(attachments: readonly DataRowAttachment[]): ParsedPart[] {
  return attachments.map((attachment, index) => parseDataRowAttachment(attachment, index));
}
