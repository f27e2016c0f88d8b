/**
 * What the Anthropic Messages API takes as input media. Audio and video are absent on purpose:
 * the API has no block for them, so the converter answers 422 instead of dropping the part.
 * @see https://platform.claude.com/docs/en/build-with-claude/vision
 * @see https://platform.claude.com/docs/en/build-with-claude/pdf-support
 */

import type { ProviderCapabilities } from '../provider.js';
import { textDocumentMimeTypes } from '../shared/text-document-types.js';
import { anthropicImageMediaTypes } from './anthropic-request-types.js';

/**
 * The API caps one image at 5 MiB measured on the base64 string, not on the file
 * ("image exceeds 5 MB maximum: N bytes > 5242880 bytes"). Base64 turns 3 bytes into 4, so the
 * largest file that fits is 3/4 of that: 3,932,160 bytes.
 */
export const anthropicMaxImageBase64Length = 5 * 1024 * 1024;
export const anthropicMaxInlineImageBytes = (anthropicMaxImageBase64Length / 4) * 3;

/**
 * A Messages request may be at most 32 MB, so a PDF whose base64 form alone is over that can
 * never be sent; refusing it here gives a 422 naming the part instead of a vendor 413.
 */
export const anthropicMaxRequestBytes = 32_000_000;
export const anthropicMaxInlinePdfBytes = (anthropicMaxRequestBytes / 4) * 3;

/**
 * Textual documents travel as a plain-text document source, so any text format the gateway
 * has read as UTF-8 is accepted; only their bytes are sent, never a URL (the API fetches PDF
 * URLs only).
 */
export const anthropicTextDocumentMimeTypes: readonly string[] = textDocumentMimeTypes;

export const anthropicCapabilities: ProviderCapabilities = {
  image: {
    mimeTypes: anthropicImageMediaTypes,
    inline: true,
    url: true,
    maxInlineBytes: anthropicMaxInlineImageBytes,
  },
  pdf: {
    mimeTypes: ['application/pdf'],
    inline: true,
    url: true,
    maxInlineBytes: anthropicMaxInlinePdfBytes,
  },
  text: {
    mimeTypes: anthropicTextDocumentMimeTypes,
    inline: true,
    url: false,
    // Sent as a JSON string rather than base64, so the request limit applies to the text itself.
    maxInlineBytes: anthropicMaxRequestBytes,
  },
};
