import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { decodeCocoRle, rleArea, rleBoundingBox, type CocoRle } from '../masks/coco-rle.js';
import { readImageDimensions } from './image-dimensions.js';
import { detectionListSchema } from './normalised-shapes.js';
import { shapeAnswerForTool, shapeAnswersFromModel } from './shape-answers.js';

/** fixtures/media/image.png: 320x240, red rectangle 100x120 at (40, 60), blue circle r40 at (240, 120). */
const image = readImageDimensions(readFileSync(new URL('../../../fixtures/media/image.png', import.meta.url)));

/**
 * A structured-output reply in the shape `detectionListSchema` asks for, one key per tool kind,
 * with the values a vision model gives for image.png (boxes as [ymin, xmin, ymax, xmax] / 1000).
 */
const recordedReply = JSON.parse(`{
  "rectangles": [
    {"box_2d": [250, 125, 750, 437.5], "label": "red rectangle", "confidence": 0.94},
    {"box_2d": [333.3333, 625, 666.6667, 875], "label": "blue circle", "confidence": 0.88}
  ],
  "points": [{"point": [500, 750], "label": "circle centre", "confidence": 0.9}],
  "polygons": [
    {"polygon": [[250, 125], [250, 437.5], [750, 437.5], [750, 125]], "label": "red outline", "confidence": 0.8}
  ],
  "masks": [
    {"box_2d": [250, 125, 750, 437.5], "polygon": [[250, 125], [250, 437.5], [750, 437.5], [750, 125]],
     "label": "red region", "confidence": 0.7}
  ]
}`) as Record<string, unknown>;

function whitePng(width: number, height: number): string {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

function onlyMask(answer: { masks: CocoRle[] } | undefined): CocoRle {
  const mask = answer?.masks[0];
  if (mask === undefined || answer?.masks.length !== 1) throw new Error('expected exactly one mask');
  return mask;
}

describe('shapeAnswersFromModel: a recorded-style reply for image.png', () => {
  it('is what the exported schemas ask for', () => {
    const ajv = new Ajv();
    const schemas = {
      rectangles: detectionListSchema('rectangle', ['red rectangle', 'blue circle']),
      points: detectionListSchema('point', ['circle centre']),
      polygons: detectionListSchema('polygon', ['red outline']),
      masks: detectionListSchema('raster-segmentation', ['red region']),
    };
    for (const [key, schema] of Object.entries(schemas)) {
      const validate = ajv.compile(schema);
      expect(validate(recordedReply[key]), `${key}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('gives exact pixel boxes, keyed by tool name', () => {
    const result = shapeAnswersFromModel('rectangle', recordedReply['rectangles'], {
      image,
      toolNames: ['red rectangle', 'blue circle'],
    });
    expect(result).toEqual({
      answers: {
        'red rectangle': { boxes: [[40, 60, 100, 120]], scores: [0.94] },
        'blue circle': { boxes: [[200, 80, 80, 80]], scores: [0.88] },
      },
      warnings: [],
    });
  });

  it('gives the point as [x, y] pixels', () => {
    const result = shapeAnswersFromModel('point', recordedReply['points'], { image, toolNames: ['circle centre'] });
    expect(result.answers).toEqual({ 'circle centre': { points: [[240, 120]], scores: [0.9] } });
  });

  it('gives the polygon as [[x, y], ...] pixels', () => {
    const result = shapeAnswersFromModel('polygon', recordedReply['polygons'], { image, toolNames: ['red outline'] });
    expect(result.answers).toEqual({ 'red outline': { polygons: [[[40, 60], [140, 60], [140, 180], [40, 180]]], scores: [0.8] } });
  });

  it('gives the red rectangle\'s mask as COCO RLE with area 12000 and box [40, 60, 100, 120]', () => {
    const result = shapeAnswersFromModel('raster-segmentation', recordedReply['masks'], { image, toolNames: ['red region'] });
    expect(result.warnings).toEqual([]);
    const answer = result.answers['red region'];
    expect(answer?.scores).toEqual([0.7]);
    const mask = onlyMask(answer);
    expect(mask.size).toEqual([240, 320]);
    expect(rleArea(mask)).toBe(12_000);
    expect(rleBoundingBox(mask)).toEqual([40, 60, 100, 120]);
    const decoded = decodeCocoRle(mask);
    expect(decoded.pixels[60 * 320 + 40]).toBe(1);
    expect(decoded.pixels[179 * 320 + 139]).toBe(1);
    expect(decoded.pixels[180 * 320 + 140]).toBe(0);
  });
});

describe('shapeAnswersFromModel: filtering and dropping', () => {
  const detections = [
    { box_2d: [250, 125, 750, 437.5], label: 'thing', confidence: 0.9 },
    { box_2d: [0, 0, 100, 100], label: 'thing', confidence: 0.5 },
    { box_2d: [0, 0, 100, 100], label: 'thing', confidence: 0.3 },
  ];

  it('keeps every shape by default, and only those scoring at least `confidence` with one', () => {
    const all = shapeAnswersFromModel('rectangle', detections, { image, toolNames: ['thing'] });
    expect(all.answers['thing']?.scores).toEqual([0.9, 0.5, 0.3]);
    const confident = shapeAnswersFromModel('rectangle', detections, { image, toolNames: ['thing'], minimumScore: 0.5 });
    expect(confident.answers['thing']).toEqual({ boxes: [[40, 60, 100, 120], [0, 0, 32, 24]], scores: [0.9, 0.5] });
  });

  it('filters masks by score too', () => {
    const masks = [{ box_2d: [250, 125, 750, 437.5], label: 'region', confidence: 0.2 }];
    const result = shapeAnswersFromModel('raster-segmentation', masks, { image, toolNames: ['region'], minimumScore: 0.25 });
    expect(result.answers).toEqual({ region: { masks: [], scores: [] } });
  });

  it('clamps out-of-range coordinates and drops inverted or empty shapes, saying so', () => {
    const result = shapeAnswersFromModel(
      'rectangle',
      [
        { box_2d: [-20, 900, 500, 1300], label: 'thing', confidence: 0.6 },
        { box_2d: [750, 125, 250, 437.5], label: 'thing', confidence: 0.6 },
        { box_2d: [100, 100, 100, 400], label: 'thing', confidence: 0.6 },
      ],
      { image, toolNames: ['thing'] },
    );
    expect(result.answers).toEqual({ thing: { boxes: [[288, 0, 32, 120]], scores: [0.6] } });
    expect(result.warnings).toEqual(['dropped rectangle 1 (thing): inverted', 'dropped rectangle 2 (thing): empty']);
  });

  it('answers every tool, matches labels case-insensitively and drops unknown ones', () => {
    const result = shapeAnswersFromModel(
      'point',
      [
        { point: [500, 500], label: 'Person', confidence: 1.4 },
        { point: [500, 500], label: 'dog', confidence: 0.9 },
      ],
      { image, toolNames: ['person', 'bicycle'] },
    );
    expect(result.answers).toEqual({
      person: { points: [[160, 120]], scores: [1] },
      bicycle: { points: [], scores: [] },
    });
    expect(result.warnings).toEqual(['dropped point 1: label "dog" is not one of the tools']);
  });

  it('drops a malformed detection with a warning and keeps the rest', () => {
    const result = shapeAnswersFromModel(
      'polygon',
      [{ polygon: [[0, 0], [0, 500]], label: 'area', confidence: 0.5 }, { polygon: 'nope', label: 'area' }],
      { image, toolNames: ['area'] },
    );
    expect(result.answers).toEqual({ area: { polygons: [], scores: [] } });
    expect(result.warnings).toEqual([
      expect.stringMatching(/^dropped polygon detection 1: 1\.polygon /),
      'dropped polygon 0 (area): empty',
    ]);
  });

  it('reads null as "nothing found" and a non-list as the model\'s failure (502)', () => {
    expect(shapeAnswersFromModel('rectangle', null, { image, toolNames: ['a'] }).answers).toEqual({ a: { boxes: [], scores: [] } });
    let error: unknown;
    try {
      shapeAnswersFromModel('rectangle', { box_2d: [0, 0, 1, 1] }, { image, toolNames: ['a'] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_error', status: 502 });
  });
});

describe('shapeAnswersFromModel: raster-segmentation sources', () => {
  const box = [250, 125, 750, 437.5];

  it('uses Gemini\'s native probability map over its box', () => {
    const result = shapeAnswersFromModel(
      'raster-segmentation',
      [{ box_2d: box, mask: whitePng(8, 8), label: 'red region' }],
      { image, toolNames: ['red region'] },
    );
    expect(result.warnings).toEqual([]);
    const mask = onlyMask(result.answers['red region']);
    expect(rleArea(mask)).toBe(12_000);
    expect(rleBoundingBox(mask)).toEqual([40, 60, 100, 120]);
    expect(result.answers['red region']?.scores).toEqual([1]);
  });

  it('falls back to the polygon when the native mask is unreadable', () => {
    const result = shapeAnswersFromModel(
      'raster-segmentation',
      [{ box_2d: box, polygon: [[250, 125], [250, 437.5], [750, 125]], mask: 'data:image/png;base64,AAAA', label: 'r', confidence: 0.5 }],
      { image, toolNames: ['r'] },
    );
    expect(rleArea(onlyMask(result.answers['r']))).toBe(6_000);
    expect(result.warnings).toEqual([expect.stringContaining('mask is unreadable: it is not a PNG; using the polygon')]);
  });

  it('falls back to the whole box, with a warning, when there is no outline', () => {
    const result = shapeAnswersFromModel('raster-segmentation', [{ box_2d: box, label: 'r', confidence: 0.5 }], {
      image,
      toolNames: ['r'],
    });
    expect(rleBoundingBox(onlyMask(result.answers['r']))).toEqual([40, 60, 100, 120]);
    expect(result.warnings).toEqual(['raster-segmentation 0: r: no usable outline; the mask is the whole box']);
  });
});

describe('shapeAnswerForTool', () => {
  it('answers one tool that has a property of its own', () => {
    const result = shapeAnswerForTool('rectangle', 'person', [{ box_2d: [250, 125, 750, 437.5], label: 'person', confidence: 0.9 }], {
      image,
      minimumScore: undefined,
    });
    expect(result).toEqual({ answer: { boxes: [[40, 60, 100, 120]], scores: [0.9] }, warnings: [] });
  });
});
