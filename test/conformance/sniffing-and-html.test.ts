/**
 * Two rows of the policy that deserve their own look, through `POST /run_direct` (dry run):
 * a PNG behind a `.jpg` name, declared `image/jpeg` and served as `image/jpeg`, goes to every
 * vendor as `image/png` with a warning; and HTML, however it arrives, goes to every vendor as
 * a plain text part with its tags stripped.
 */

import { describe, expect, it } from 'vitest';
import {
  base64Of,
  conversationWith,
  dataUrlOf,
  dryRun,
  expectedDryRun,
  modelAliases,
  promptText,
  useMatrixGateway,
  textPart,
  type ModelAlias,
} from './helpers.js';
import { htmlAsText } from './matrix-table.js';

const setup = useMatrixGateway();

describe('png-named-as.jpg declared image/jpeg', () => {
  const pngDataUrl = dataUrlOf('image/png', 'png-named-as.jpg');
  const pngBase64 = base64Of('png-named-as.jpg');
  const sentAsPng: Readonly<Record<ModelAlias, unknown>> = {
    openai: { type: 'image_url', image_url: { url: pngDataUrl } },
    responses: { type: 'input_image', image_url: pngDataUrl, detail: 'auto' },
    anthropic: { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngBase64 } },
    gemini: { inlineData: { mimeType: 'image/png', data: pngBase64 } },
    compatible: { type: 'image_url', image_url: { url: pngDataUrl } },
    'compatible+accepts': { type: 'image_url', image_url: { url: pngDataUrl } },
  };

  it.each(modelAliases)('reaches %s as image/png, with the disagreement in dry_run.warnings', async (model) => {
    // The name, the declared type and the server's Content-Type all say JPEG; the bytes say PNG.
    const item = { type: 'image', url: `${setup.media.url}/media/png-named-as.jpg`, mimeType: 'image/jpeg', name: 'photo.jpg' };
    const response = await dryRun(setup.gateway, model, conversationWith(item));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(
      expectedDryRun(
        model,
        [textPart(model, promptText), sentAsPng[model]],
        ['message "p1", part 1: declared image/jpeg but the bytes are image/png; sending image/png'],
      ),
    );
  });
});

describe('HTML becomes a text part for every vendor', () => {
  const inlineHtml =
    '<html><head><title>Ignored title</title></head><body><h1>Shipping</h1>' +
    '<p>Orders ship in <b>2 days</b> &amp; arrive <i>fast</i>.</p><ul><li>Free over $50</li><li>Tracked</li></ul></body></html>';

  it.each(modelAliases)('an inline html item -> %s', async (model) => {
    const response = await dryRun(setup.gateway, model, conversationWith({ type: 'html', content: inlineHtml }));
    expect(response.statusCode).toBe(200);
    const text = 'HTML document inline HTML:\n\nShipping\n\nOrders ship in 2 days & arrive fast.\n\n * Free over $50\n * Tracked';
    expect(response.json()).toEqual(expectedDryRun(model, [textPart(model, promptText), textPart(model, text)]));
  });

  it.each(modelAliases)('a fetched page.html with no declared type, typed from its bytes -> %s', async (model) => {
    const url = `${setup.media.url}/media/page.html`;
    const response = await dryRun(setup.gateway, model, conversationWith({ type: 'fileData', fileUri: url }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedDryRun(model, [textPart(model, promptText), textPart(model, htmlAsText(url))]));
  });

  it.each(modelAliases)('a fetched html item with a file name, which the text names -> %s', async (model) => {
    const item = { type: 'html', url: `${setup.media.url}/media/page.html`, name: 'policy.html' };
    const response = await dryRun(setup.gateway, model, conversationWith(item));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedDryRun(model, [textPart(model, promptText), textPart(model, htmlAsText('policy.html'))]));
  });
});
