import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  boxToPixels,
  describeCoordinateConvention,
  detectionListSchema,
  exampleDetections,
  pointToPixels,
  polygonToPixels,
  shapeToolKinds,
  type JsonSchema,
} from './normalised-shapes.js';

/** fixtures/media/image.png */
const image = { width: 320, height: 240 };

/** Strict structured outputs: every object closed and listing all its properties as required. */
function strictViolations(schema: unknown, path = '$'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, index) => strictViolations(item, `${path}[${index}]`));
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  if (node['type'] === 'object') {
    const keys = Object.keys(node['properties'] ?? {}).sort();
    if (node['additionalProperties'] !== false) problems.push(`${path}: additionalProperties`);
    if (JSON.stringify([...((node['required'] ?? []) as string[])].sort()) !== JSON.stringify(keys)) {
      problems.push(`${path}: required`);
    }
  }
  for (const [key, value] of Object.entries(node)) problems.push(...strictViolations(value, `${path}.${key}`));
  return problems;
}

describe('detectionListSchema', () => {
  it('asks for a list of box_2d detections labelled with the tool names', () => {
    expect(detectionListSchema('rectangle', ['person', 'bicycle'])).toEqual({
      type: 'array',
      description: 'One bounding box per object of these tools in the image (person, bicycle); empty if none.',
      items: {
        type: 'object',
        properties: {
          box_2d: {
            type: 'array',
            description: '[ymin, xmin, ymax, xmax], each 0-1000',
            items: { type: 'number', description: '0-1000' },
            minItems: 4,
            maxItems: 4,
          },
          label: { type: 'string', enum: ['person', 'bicycle'], description: 'Which tool this is.' },
          confidence: { type: 'number', description: 'How sure you are, from 0 to 1.' },
        },
        required: ['box_2d', 'label', 'confidence'],
        additionalProperties: false,
      },
    });
  });

  it.each(shapeToolKinds)('keeps strict structured-output rules for %s, with and without the native mask', (kind) => {
    expect(strictViolations(detectionListSchema(kind, ['tool']))).toEqual([]);
    expect(strictViolations(detectionListSchema(kind, ['tool'], { nativeMask: true }))).toEqual([]);
  });

  it.each(shapeToolKinds)('accepts its own example answer for %s (what the echo provider sends)', (kind) => {
    const ajv = new Ajv({ strict: true });
    for (const nativeMask of [false, true]) {
      const validate = ajv.compile(detectionListSchema(kind, ['tool'], { nativeMask }));
      expect(validate(exampleDetections(kind, 'tool', { nativeMask })), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('offers Gemini\'s native mask only when asked, as a required nullable string', () => {
    const plain = detectionListSchema('raster-segmentation', ['car'])['items'] as Record<string, JsonSchema>;
    expect(Object.keys(plain['properties'] ?? {})).toEqual(['box_2d', 'polygon', 'label', 'confidence']);
    const native = detectionListSchema('raster-segmentation', ['car'], { nativeMask: true })['items'] as Record<string, JsonSchema>;
    expect(native['required']).toEqual(['box_2d', 'polygon', 'mask', 'label', 'confidence']);
    const validate = new Ajv().compile(detectionListSchema('raster-segmentation', ['car'], { nativeMask: true }));
    const detection = { box_2d: [0, 0, 10, 10], polygon: [[0, 0], [0, 10], [10, 10]], label: 'car', confidence: 0.5 };
    expect(validate([{ ...detection, mask: 'data:image/png;base64,iVBORw0KGgo=' }])).toBe(true);
    expect(validate([{ ...detection, mask: null }])).toBe(true);
    expect(validate([{ ...detection, label: 'bus', mask: null }])).toBe(false);
  });

  it('states the y-before-x convention the schema uses', () => {
    expect(describeCoordinateConvention('rectangle')).toContain('[ymin, xmin, ymax, xmax]');
    expect(describeCoordinateConvention('point')).toContain('[y, x]');
    expect(describeCoordinateConvention('polygon')).toContain('[[y, x], ...]');
    expect(describeCoordinateConvention('raster-segmentation')).toContain('0-1000');
  });
});

describe('boxToPixels', () => {
  it('turns the red rectangle\'s normalised box into its exact pixel box', () => {
    expect(boxToPixels([250, 125, 750, 437.5], image)).toEqual({ shape: [40, 60, 100, 120] });
  });

  it('clamps out-of-range coordinates to the image', () => {
    expect(boxToPixels([-50, -100, 1200, 500], image)).toEqual({ shape: [0, 0, 160, 240] });
  });

  it('rounds to 0.01 px', () => {
    // 123.456 * 320 / 1000 = 39.50592; 333.333 * 240 / 1000 = 79.99992.
    expect(boxToPixels([333.333, 123.456, 500, 500], image)).toEqual({ shape: [39.51, 80, 120.49, 40] });
  });

  it('drops inverted and empty boxes', () => {
    expect(boxToPixels([750, 125, 250, 437.5], image)).toEqual({ dropped: 'inverted' });
    expect(boxToPixels([250, 437.5, 750, 125], image)).toEqual({ dropped: 'inverted' });
    expect(boxToPixels([250, 125, 250, 437.5], image)).toEqual({ dropped: 'empty' });
    expect(boxToPixels([1100, 1100, 1200, 1200], image)).toEqual({ dropped: 'empty' });
  });
});

describe('pointToPixels', () => {
  it('turns [y, x] into [x, y] pixels', () => {
    expect(pointToPixels([500, 750], image)).toEqual([240, 120]);
  });

  it('clamps a point off the image onto its edge', () => {
    expect(pointToPixels([-10, 1100], image)).toEqual([320, 0]);
  });
});

describe('polygonToPixels', () => {
  it('turns [[y, x], ...] into [[x, y], ...] pixels', () => {
    const outline = [[250, 125], [250, 437.5], [750, 437.5], [750, 125]] as const;
    expect(polygonToPixels(outline, image)).toEqual({ shape: [[40, 60], [140, 60], [140, 180], [40, 180]] });
  });

  it('merges repeated vertices, including a closing copy of the first', () => {
    const outline = [[250, 125], [250, 125], [250, 437.5], [750, 437.5], [250, 125]] as const;
    expect(polygonToPixels(outline, image)).toEqual({ shape: [[40, 60], [140, 60], [140, 180]] });
  });

  it('clamps vertices and drops outlines left without area', () => {
    expect(polygonToPixels([[-100, 0], [500, 1500], [1000, 0]], image)).toEqual({ shape: [[0, 0], [320, 120], [0, 240]] });
    expect(polygonToPixels([[0, 0], [500, 500]], image)).toEqual({ dropped: 'empty' });
    expect(polygonToPixels([[0, 0], [500, 500], [1000, 1000]], image)).toEqual({ dropped: 'empty' });
    expect(polygonToPixels([[1200, 0], [1300, 500], [1100, 1000]], image)).toEqual({ dropped: 'empty' });
  });
});
