/**
 * One editor content item -> one generic part (SPEC §6). Every item type the editor sends is
 * known here; anything else is a 400 naming the message and index, never dropped.
 */

import type { AttachmentPart, AttachmentReference, DeclaredKind, ParsedPart, PartLocation } from '../conversation/conversation.js';
import { describeLocation } from '../conversation/conversation.js';
import { GatewayError } from '../errors.js';

type Item = Readonly<Record<string, unknown>>;

const kindByItemType: Readonly<Record<string, DeclaredKind>> = {
  image: 'image',
  IMAGE_OVERLAY: 'image',
  video: 'video',
  audio: 'audio',
  pdf: 'pdf',
  document: undefined,
  file: undefined,
  fileData: undefined,
};

function stringField(item: Item, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = item[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function unsupported(location: PartLocation, message: string): GatewayError {
  return new GatewayError('unsupported_content', `${describeLocation(location)}: ${message}`, {
    details: [
      {
        path: `messages.${location.messageId}.content.${location.index}`,
        message,
        messageId: location.messageId,
        index: location.index,
      },
    ],
  });
}

/** `data:` URLs become base64 references; the MIME type they carry counts as declared. */
export function referenceFromLocator(locator: string): { reference: AttachmentReference; mimeType: string | undefined } {
  const dataUrl = /^data:([^;,]*)((?:;[^;,]*)*?)(;base64)?,/i.exec(locator);
  if (dataUrl !== null) {
    const payload = locator.slice(dataUrl[0].length);
    const mimeType = dataUrl[1] === '' ? undefined : dataUrl[1]?.toLowerCase();
    // A base64 URL is kept whole: the attachment reader takes it apart, and OpenAI can be sent
    // the caller's own string instead of a rebuilt multi-megabyte copy.
    const data = dataUrl[3] === undefined ? Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64') : locator;
    return { reference: { type: 'base64', data }, mimeType };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(locator)) return { reference: { type: 'url', url: locator }, mimeType: undefined };
  // No scheme: the editor's `data` field holds bare base64.
  return { reference: { type: 'base64', data: locator }, mimeType: undefined };
}

function attachment(
  item: Item,
  declaredKind: DeclaredKind,
  locator: string,
  location: PartLocation,
): AttachmentPart {
  const { reference, mimeType } = referenceFromLocator(locator);
  return {
    type: 'attachment',
    declaredKind,
    declaredMimeType: stringField(item, 'mimeType', 'mime_type') ?? mimeType,
    reference,
    filename: stringField(item, 'filename', 'name', 'fileName'),
    location,
  };
}

export function parseContentItem(raw: unknown, location: PartLocation): ParsedPart {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw unsupported(location, 'a content item must be an object with a "type"');
  }
  const item = raw as Item;
  const type = item.type;
  if (typeof type !== 'string') throw unsupported(location, 'a content item must have a string "type"');

  if (type === 'text') {
    const text = item.content ?? item.text;
    if (typeof text !== 'string') throw unsupported(location, 'a text item needs a string "content"');
    return { type: 'text', text };
  }
  if (type === 'html') {
    const url = stringField(item, 'url', 'uri', 'fileUri');
    if (url !== undefined) return attachment(item, 'html', url, location);
    const content = stringField(item, 'content', 'html');
    if (content === undefined) throw unsupported(location, 'an html item needs "content" or "url"');
    return {
      type: 'attachment',
      declaredKind: 'html',
      declaredMimeType: 'text/html',
      reference: { type: 'inline-text', text: content },
      filename: stringField(item, 'filename', 'name'),
      location,
    };
  }
  if (Object.hasOwn(kindByItemType, type)) {
    const locator = stringField(item, 'url', 'uri', 'fileUri', 'file_uri', 'data', 'value');
    if (locator === undefined) {
      throw unsupported(location, `a ${type} item needs one of "url", "uri", "fileUri" or "data"`);
    }
    return attachment(item, kindByItemType[type], locator, location);
  }
  throw unsupported(location, `content type ${JSON.stringify(type)} is not supported`);
}
