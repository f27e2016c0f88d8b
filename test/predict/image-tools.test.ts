/**
 * predict for images (issue 5): `fixtures/media/image.png` is 320x240 with a red rectangle at
 * left 40, top 60, width 100, height 120 and a blue circle centred at (240, 120), radius 40.
 * The vendor answers in the normalised 0–1000 frame (`[y, x]`, Gemini's `box_2d` order); the
 * gateway answers SPEC §7's shapes in true pixels, keyed by tool name.
 */

import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countForeground, type BinaryMask } from '../../src/predict/masks/binary-mask.js';
import { decodeCocoRle, type CocoRle } from '../../src/predict/masks/coco-rle.js';
import { createHarness, post, predictBody, replyInTurn, vendorIds, vendorSetups, type PredictHarness } from './helpers.js';

const imageTools = {
  tools: [
    { tool: 'rectangle', name: 'red box' },
    { tool: 'point', name: 'circle centre' },
    { tool: 'polygon', name: 'outline' },
    { tool: 'raster-segmentation', name: 'red mask' },
  ],
};
/** The red rectangle in the normalised frame: y 60/240, x 40/320 to y 180/240, x 140/320. */
const redBox = [250, 125, 750, 437.5];
const redOutline = [
  [250, 125],
  [250, 437.5],
  [750, 437.5],
  [750, 125],
];
const noShapes = { red_box: [], circle_centre: [], outline: [], red_mask: [] };

let harness: PredictHarness;
let imageUrl: string;

beforeAll(async () => {
  harness = await createHarness();
  imageUrl = `${harness.media.url}/image.png`;
});
afterEach(async () => {
  await harness.reset();
});
afterAll(async () => {
  await harness.close();
});

/** A 320x240 mask, row-major, foreground exactly on the red rectangle. */
function redRectangleMask(): BinaryMask {
  const pixels = new Uint8Array(320 * 240);
  for (let y = 60; y < 180; y += 1) pixels.fill(1, y * 320 + 40, y * 320 + 140);
  return { width: 320, height: 240, pixels };
}

describe.each(vendorIds)('a rectangle answered by %s', (vendor) => {
  it('comes back as the exact pixel box', async () => {
    const url = await harness.start();
    harness.vendor.handle(replyInTurn(vendor, [{ ...noShapes, red_box: [{ box_2d: redBox, label: 'red box', confidence: 0.9 }] }]));

    const result = await post(url, '/predict', predictBody(imageUrl, imageTools, { model: vendorSetups[vendor].alias }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      'red box': { boxes: [[40, 60, 100, 120]], scores: [0.9] },
      'circle centre': { points: [], scores: [] },
      outline: { polygons: [], scores: [] },
      'red mask': { masks: [], scores: [] },
    });
  });
});

describe('image shapes in pixels', () => {
  it('answers points and polygons as [x, y] pixels (an image URL row_data dispatches to predict on POST /)', async () => {
    const url = await harness.start();
    harness.vendor.handle(
      replyInTurn('gemini', [
        {
          ...noShapes,
          circle_centre: [{ point: [500, 750], label: 'circle centre', confidence: 0.8 }],
          // A closing copy of the first vertex is merged away.
          outline: [{ polygon: [...redOutline, [250, 125]], label: 'outline', confidence: 0.7 }],
        },
      ]),
    );

    const result = await post(url, '/', predictBody(imageUrl, imageTools, { model: 'gemini' }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      'red box': { boxes: [], scores: [] },
      'circle centre': { points: [[240, 120]], scores: [0.8] },
      outline: {
        polygons: [
          [
            [40, 60],
            [140, 60],
            [140, 180],
            [40, 180],
          ],
        ],
        scores: [0.7],
      },
      'red mask': { masks: [], scores: [] },
    });
  });

  it('clamps coordinates outside the frame onto the image', async () => {
    const url = await harness.start();
    harness.vendor.handle(replyInTurn('openai', [{ ...noShapes, red_box: [{ box_2d: [-50, 750, 500, 1200], label: 'red box', confidence: 1 }] }]));

    const result = await post(url, '/predict', predictBody(imageUrl, imageTools, { model: 'gpt' }));

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ 'red box': { boxes: [[240, 0, 80, 120]], scores: [1] } });
  });

  it('keeps only shapes scoring at least inference_params.confidence', async () => {
    const url = await harness.start();
    harness.vendor.handle(
      replyInTurn('anthropic', [
        {
          red_box: [
            { box_2d: redBox, label: 'red box', confidence: 0.9 },
            { box_2d: [300, 625, 700, 875], label: 'red box', confidence: 0.3 },
            { box_2d: [0, 0, 100, 100], label: 'red box', confidence: 0.5 },
          ],
          circle_centre: [
            { point: [500, 750], label: 'circle centre', confidence: 0.49 },
            { point: [500, 250], label: 'circle centre', confidence: 0.6 },
          ],
          outline: [{ polygon: redOutline, label: 'outline', confidence: 0.2 }],
          red_mask: [{ box_2d: redBox, polygon: redOutline, label: 'red mask', confidence: 0.1 }],
        },
      ]),
    );

    const result = await post(url, '/predict', predictBody(imageUrl, imageTools, { model: 'claude', confidence: 0.5 }));

    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      'red box': {
        boxes: [
          [40, 60, 100, 120],
          [0, 0, 32, 24],
        ],
        scores: [0.9, 0.5],
      },
      'circle centre': { points: [[80, 120]], scores: [0.6] },
      outline: { polygons: [], scores: [] },
      'red mask': { masks: [], scores: [] },
    });
  });

  it('answers a raster-segmentation tool with a COCO RLE mask of the red rectangle', async () => {
    const url = await harness.start();
    harness.vendor.handle(
      replyInTurn('openai-responses', [{ ...noShapes, red_mask: [{ box_2d: redBox, polygon: redOutline, label: 'red mask', confidence: 0.95 }] }]),
    );

    const result = await post(url, '/predict', predictBody(imageUrl, imageTools, { model: 'responses' }));

    expect(result.status).toBe(200);
    const body = result.body as { 'red mask': { masks: CocoRle[]; scores: number[] } };
    expect(body['red mask'].scores).toEqual([0.95]);
    expect(body['red mask'].masks).toHaveLength(1);
    const [rle] = body['red mask'].masks;
    if (rle === undefined) throw new Error('no mask');
    expect(rle.size).toEqual([240, 320]);
    expect(typeof rle.counts).toBe('string');
    const decoded = decodeCocoRle(rle);
    expect(countForeground(decoded)).toBe(12000);
    expect(decoded).toEqual(redRectangleMask());
  });
});

describe("Gemini's own segmentation masks", () => {
  it('asks Gemini for a mask per box and places its PNG mask in the box', async () => {
    const url = await harness.start();
    // A 16x16 probability map, fully on: Gemini's mask for the box, scaled into it by the gateway.
    const png = new PNG({ width: 16, height: 16 });
    png.data.fill(255);
    const mask = `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
    harness.vendor.handle(
      replyInTurn('gemini', [{ ...noShapes, red_mask: [{ box_2d: redBox, polygon: redOutline, mask, label: 'red mask', confidence: 0.9 }] }]),
    );

    const result = await post(url, '/predict', predictBody(imageUrl, imageTools, { model: vendorSetups.gemini.alias }));

    expect(result.status).toBe(200);
    const sent = JSON.parse(harness.vendor.requests[0]?.body ?? '{}') as { generationConfig: { responseJsonSchema: unknown } };
    expect(JSON.stringify(sent.generationConfig.responseJsonSchema)).toContain('"mask"');
    const [rle] = (result.body as { 'red mask': { masks: CocoRle[] } })['red mask'].masks;
    if (rle === undefined) throw new Error('no mask');
    expect(decodeCocoRle(rle)).toEqual(redRectangleMask());
  });

  it('does not offer the mask field to other vendors', async () => {
    const url = await harness.start();
    harness.vendor.handle(replyInTurn('openai', [noShapes]));
    await post(url, '/predict', predictBody(imageUrl, imageTools, { model: vendorSetups.openai.alias }));
    expect(harness.vendor.requests[0]?.body).not.toContain('"mask"');
  });
});

describe('image tools need an image', () => {
  it('answers 400 for an image-tool ontology on a text asset, without calling the vendor', async () => {
    const url = await harness.start();

    const result = await post(url, '/predict', predictBody('A red box on white.', imageTools, { model: 'gpt' }));

    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      error: {
        code: 'unsupported_content',
        message: 'image tools (rectangle, point, polygon, raster-segmentation) need an image asset',
        request_id: result.headers.get('x-request-id'),
        details: [{ path: 'data_row.row_data', message: 'expected an image URL' }],
      },
    });
    expect(harness.vendor.requests).toHaveLength(0);
  });
});
