/**
 * The data row as predict's asset (issue 4 §3): `row_data` URLs fetched from a loopback media
 * host (real files from `fixtures/media/`) reach each vendor as its own part types; HTML
 * becomes text; a text file is the text entity offsets are counted in; `use_attachments`
 * adds the data row's attachments; a modality the vendor cannot take is a 422.
 */

import { describe, expect, it } from 'vitest';
import {
  nativeTextPart,
  post,
  predictBody,
  readMediaBase64,
  replyInTurn,
  userPartsOf,
  vendorIds,
  vendorSetups,
  type VendorId, useHarness } from './helpers.js';

const ontology = {
  classifications: [{ type: 'radio', name: 'kind', required: true, options: [{ value: 'report' }, { value: 'other' }] }],
};
const answer = { kind: 'report' };

const suite = useHarness();

const pdf = readMediaBase64('document.pdf');
const png = readMediaBase64('image.png');
const pdfFilename = 'data_row.row_data-part-0.pdf';

const pdfParts: Readonly<Record<Exclude<VendorId, 'openai-compatible'>, unknown>> = {
  openai: { type: 'file', file: { filename: pdfFilename, file_data: `data:application/pdf;base64,${pdf}` } },
  'openai-responses': { type: 'input_file', filename: pdfFilename, file_data: `data:application/pdf;base64,${pdf}` },
  anthropic: { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } },
  gemini: { inlineData: { mimeType: 'application/pdf', data: pdf } },
};

const imageParts: Readonly<Record<VendorId, unknown>> = {
  openai: { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
  'openai-compatible': { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
  'openai-responses': { type: 'input_image', image_url: `data:image/png;base64,${png}`, detail: 'auto' },
  anthropic: { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
  gemini: { inlineData: { mimeType: 'image/png', data: png } },
};

describe('a PDF URL asset', () => {
  it.each(Object.entries(pdfParts))('reaches %s as its document part', async (vendor, expectedPart) => {
    const id = vendor as VendorId;
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn(id, [answer]));

    const result = await post(url, '/predict', predictBody(`${suite.harness.media.url}/document.pdf`, ontology, { model: vendorSetups[id].alias }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ kind: 'report' });
    expect(userPartsOf(id, suite.harness.vendor.requests[0])).toEqual([expectedPart]);
    expect(suite.harness.media.requests.map((request) => request.url)).toEqual(['/document.pdf']);
  });

  it('is a 422 naming the part on an OpenAI-compatible server that does not accept files', async () => {
    const url = await suite.harness.start();

    const result = await post(url, '/predict', predictBody(`${suite.harness.media.url}/document.pdf`, ontology, { model: 'local' }));

    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({
      error: {
        code: 'unsupported_modality',
        message: expect.stringMatching(/^message "data_row\.row_data", part 0: pdf \(application\/pdf\) cannot be sent to model "local" \(openai-compatible\)/),
      },
    });
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });
});

describe('an image URL asset', () => {
  it.each(vendorIds)('reaches %s as an image part', async (vendor) => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn(vendor, [answer]));

    const result = await post(url, '/predict', predictBody(`${suite.harness.media.url}/image.png`, ontology, { model: vendorSetups[vendor].alias }));

    expect(result.status).toBe(200);
    expect(userPartsOf(vendor, suite.harness.vendor.requests[0])).toEqual([imageParts[vendor]]);
  });
});

describe('textual assets', () => {
  it('sends an HTML page as readable text', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('anthropic', [{ kind: 'other' }]));
    const pageUrl = `${suite.harness.media.url}/page.html`;

    const result = await post(url, '/predict', predictBody(pageUrl, ontology, { model: 'claude' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ kind: 'other' });
    expect(userPartsOf('anthropic', suite.harness.vendor.requests[0])).toEqual([
      { type: 'text', text: `HTML document ${pageUrl}:\n\nReturn policy\n\nItems can be returned within 30 days of delivery.` },
    ]);
  });

  it("counts entity offsets in a text file's own text", async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('openai', [{ person: [{ text: 'Bob' }, { text: 'Tom' }] }]));
    const notes = 'Tom and Bob are happy to work at IBM in New York.\n';

    const result = await post(url, '/predict', predictBody(`${suite.harness.media.url}/notes.txt`, { tools: [{ tool: 'named-entity', name: 'person' }] }, { model: 'gpt' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      person: [
        { start: 0, end: 3, text: 'Tom' },
        { start: 8, end: 11, text: 'Bob' },
      ],
    });
    expect(userPartsOf('openai', suite.harness.vendor.requests[0])).toEqual([{ type: 'text', text: `<document>\n${notes}\n</document>` }]);
  });

  it("counts entity offsets in an HTML page's text, not in the gateway's wrapper", async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('openai', [{ term: [{ text: 'Items' }, { text: 'page' }] }]));

    const result = await post(url, '/predict', predictBody(`${suite.harness.media.url}/page.html`, { tools: [{ tool: 'named-entity', name: 'term' }] }, { model: 'gpt' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({ term: [{ start: 15, end: 20, text: 'Items' }] });
  });
});

describe('use_attachments', () => {
  const attachments = [
    { type: 'IMAGE', value: '', name: 'photo.png' },
    { type: 'RAW_TEXT', value: 'Reviewer note: urgent', name: 'note' },
  ];
  const withImage = (mediaUrl: string) => attachments.map((item) => (item.type === 'IMAGE' ? { ...item, value: `${mediaUrl}/image.png` } : item));

  it("adds the data row's attachments after the asset", async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('gemini', [answer]));

    const body = predictBody('Quarterly report.', ontology, { model: 'gemini', use_attachments: true }, { attachments: withImage(suite.harness.media.url) });
    const result = await post(url, '/predict', body);

    expect(result.status).toBe(200);
    expect(userPartsOf('gemini', suite.harness.vendor.requests[0])).toEqual([
      { text: 'Quarterly report.' },
      { inlineData: { mimeType: 'image/png', data: png } },
      { text: 'note:\nReviewer note: urgent' },
    ]);
  });

  it('leaves them out unless asked', async () => {
    const url = await suite.harness.start();
    suite.harness.vendor.handle(replyInTurn('gemini', [answer]));

    const body = predictBody('Quarterly report.', ontology, { model: 'gemini' }, { attachments: withImage(suite.harness.media.url) });
    const result = await post(url, '/predict', body);

    expect(result.status).toBe(200);
    expect(userPartsOf('gemini', suite.harness.vendor.requests[0])).toEqual([nativeTextPart('gemini', 'Quarterly report.')]);
    expect(suite.harness.media.requests).toHaveLength(0);
  });
});

describe('a modality the vendor cannot take', () => {
  it.each([
    ['video', 'video.mp4', 'video/mp4'],
    ['audio', 'audio.wav', 'audio/wav'],
  ])('answers 422 unsupported_modality for a %s asset on anthropic', async (kind, file, mimeType) => {
    const url = await suite.harness.start();

    const result = await post(url, '/predict', predictBody(`${suite.harness.media.url}/${file}`, ontology, { model: 'claude' }));

    expect(result.status).toBe(422);
    const reason = `anthropic does not accept ${kind} input`;
    expect(result.body).toEqual({
      error: {
        code: 'unsupported_modality',
        message: `message "data_row.row_data", part 0: ${kind} (${mimeType}) cannot be sent to model "claude" (anthropic): ${reason}`,
        request_id: result.headers.get('x-request-id'),
        details: [
          {
            path: 'messages.data_row.row_data.content.0',
            message: reason,
            messageId: 'data_row.row_data',
            index: 0,
            kind,
            mimeType,
            model: 'claude',
            provider: 'anthropic',
          },
        ],
      },
    });
    expect(suite.harness.vendor.requests).toHaveLength(0);
  });
});
