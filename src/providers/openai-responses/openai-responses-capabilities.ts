/**
 * What the OpenAI Responses API accepts. Unlike Chat it fetches PDFs by URL (`file_url`), and
 * its input content union has no audio (and nothing has video), so both are absent: a 422.
 * @see https://platform.openai.com/docs/api-reference/responses/create (InputContent)
 * @see https://developers.openai.com/api/docs/guides/pdf-files
 */

import { openAIImageSupport, openAITextDocumentSupport } from '../openai/openai-capabilities.js';
import type { ProviderCapabilities } from '../provider.js';

export const openAIResponsesCapabilities: ProviderCapabilities = {
  image: openAIImageSupport,
  pdf: { mimeTypes: ['application/pdf'], inline: true, url: true },
  text: openAITextDocumentSupport,
};
