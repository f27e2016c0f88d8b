/**
 * Data-row attachments (SPEC §6) through `POST /run_direct` (dry run): with
 * `inference_params.use_attachments: true` they join the first human message, after its own
 * items, and travel like any other part; with false or absent they are neither sent nor fetched.
 */

import { beforeEach, describe, expect, it } from 'vitest';
import { readConversation } from '../support/gateway.js';
import {
  base64Of,
  conversationWith,
  dataUrlOf,
  dryRun,
  expectedDryRun,
  maxTokens,
  modelAliases,
  promptText,
  useMatrixGateway,
  textOf,
  textPart,
  type ModelAlias,
} from './helpers.js';
import { htmlAsText } from './matrix-table.js';

const setup = useMatrixGateway();

beforeEach(() => {
  setup.gateway.context.attachmentCache.clear();
  setup.media.requests.length = 0;
});

const mediaUrl = (fixture: string): string => `${setup.media.url}/media/${fixture}`;

const pngBase64 = base64Of('image.png');
const pngDataUrl = dataUrlOf('image/png', 'image.png');
const imagePart: Readonly<Record<ModelAlias, unknown>> = {
  openai: { type: 'image_url', image_url: { url: pngDataUrl } },
  responses: { type: 'input_image', image_url: pngDataUrl, detail: 'auto' },
  anthropic: { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngBase64 } },
  gemini: { inlineData: { mimeType: 'image/png', data: pngBase64 } },
  compatible: { type: 'image_url', image_url: { url: pngDataUrl } },
  'compatible+accepts': { type: 'image_url', image_url: { url: pngDataUrl } },
};

describe('use_attachments: true', () => {
  it.each(modelAliases)('an IMAGE attachment joins the prompt for %s', async (model) => {
    const response = await dryRun(setup.gateway, model, conversationWith(), {
      params: { use_attachments: true },
      attachments: [{ type: 'IMAGE', value: mediaUrl('image.png') }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedDryRun(model, [textPart(model, promptText), imagePart[model]]));
  });

  it('joins the first human message of a longer conversation, in order, each typed as usual', async () => {
    const response = await dryRun(setup.gateway, 'openai', readConversation('single-model-text'), {
      params: { use_attachments: true },
      attachments: [
        { type: 'IMAGE', value: mediaUrl('image.png') },
        { type: 'PDF_URL', value: mediaUrl('document.pdf'), name: 'report.pdf' },
        { type: 'TEXT_URL', value: mediaUrl('notes.txt') },
        { type: 'RAW_TEXT', value: 'Ship by Friday.', name: 'memo' },
        { type: 'HTML', value: mediaUrl('page.html') },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().request).toEqual({
      model: 'gpt-4o',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Name three primary colours.' },
            { type: 'image_url', image_url: { url: pngDataUrl } },
            { type: 'file', file: { filename: 'report.pdf', file_data: dataUrlOf('application/pdf', 'document.pdf') } },
            { type: 'text', text: `<document>\n${textOf('notes.txt')}\n</document>` },
            { type: 'text', text: 'memo:\nShip by Friday.' },
            { type: 'text', text: htmlAsText(mediaUrl('page.html')) },
          ],
        },
        { role: 'assistant', content: 'Red, yellow and blue.' },
        { role: 'user', content: [{ type: 'text', text: 'Now in French.' }] },
      ],
      max_completion_tokens: maxTokens,
    });
  });

  it('a data-row attachment the vendor cannot take is a 422 naming data_row.attachments and its index', async () => {
    const response = await dryRun(setup.gateway, 'anthropic', conversationWith(), {
      params: { use_attachments: true },
      attachments: [
        { type: 'IMAGE', value: mediaUrl('image.png') },
        { type: 'VIDEO', value: mediaUrl('video.mp4') },
      ],
    });
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe('unsupported_modality');
    expect(body.error.message).toBe(
      'message "data_row.attachments", part 1: video (video/mp4) cannot be sent to model "anthropic" (anthropic): ' +
        'anthropic does not accept video input',
    );
    expect(body.error.details).toEqual([
      expect.objectContaining({ messageId: 'data_row.attachments', index: 1, kind: 'video', mimeType: 'video/mp4', model: 'anthropic' }),
    ]);
  });

  it('the 422 of a refused data-row attachment points at data_row.attachments.N', async () => {
    const response = await dryRun(setup.gateway, 'anthropic', conversationWith(), {
      params: { use_attachments: true },
      attachments: [{ type: 'IMAGE', value: mediaUrl('image.png') }, { type: 'VIDEO', value: mediaUrl('video.mp4') }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.details[0].path).toBe('data_row.attachments.1');
  });
});

describe.each([
  ['false', { use_attachments: false }],
  ['absent', {}],
])('use_attachments %s', (_name, params) => {
  it.each(modelAliases)('%s gets the conversation alone, and nothing is fetched', async (model) => {
    const response = await dryRun(setup.gateway, model, conversationWith(), {
      params,
      attachments: [
        { type: 'IMAGE', value: mediaUrl('image.png') },
        { type: 'VIDEO', value: mediaUrl('video.mp4') },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedDryRun(model, [textPart(model, promptText)]));
    expect(setup.media.requests).toEqual([]);
  });
});
