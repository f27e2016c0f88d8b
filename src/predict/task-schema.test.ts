import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { parseOntology } from '../labelbox/ontology.js';
import { classificationHandlers, textHandler } from './classification-handlers.js';
import { buildTaskSchema } from './task-schema.js';
import type { JsonSchema } from './task-types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ontologies/${name}`, import.meta.url), 'utf8');

const options = (...values: string[]) => values.map((value) => ({ label: value, value }));

/** Every object must be closed and list all its properties as required (OpenAI strict mode). */
function assertStrictCompatible(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(assertStrictCompatible);
  if (typeof schema !== 'object' || schema === null) return;
  const record = schema as Record<string, unknown>;
  if (record['type'] === 'object') {
    expect(record['additionalProperties']).toBe(false);
    expect(record['required']).toEqual(Object.keys(record['properties'] as object));
  }
  expect(record).not.toHaveProperty('uniqueItems');
  Object.values(record).forEach(assertStrictCompatible);
}

describe('buildTaskSchema: one property per feature kind', () => {
  it.each<{ kind: string; classification?: object; tool?: object; property: JsonSchema }>([
    {
      kind: 'required text',
      classification: { type: 'text', name: 'summary', instructions: 'One sentence', required: true },
      property: { description: 'summary: One sentence', type: 'string' },
    },
    {
      kind: 'optional text (nullable)',
      classification: { type: 'text', name: 'summary' },
      property: { description: 'summary', anyOf: [{ type: 'string' }, { type: 'null' }] },
    },
    {
      kind: 'required radio',
      classification: { type: 'radio', name: 'sentiment', required: true, options: options('positive', 'negative') },
      property: { description: 'sentiment', type: 'string', enum: ['positive', 'negative'] },
    },
    {
      kind: 'optional radio (nullable)',
      classification: { type: 'radio', name: 'sentiment', options: options('positive', 'negative') },
      property: { description: 'sentiment', anyOf: [{ type: 'string', enum: ['positive', 'negative'] }, { type: 'null' }] },
    },
    {
      kind: 'checklist (never nullable: [] means none)',
      classification: { type: 'checklist', name: 'topics', options: options('work', 'travel') },
      property: { description: 'topics', type: 'array', items: { type: 'string', enum: ['work', 'travel'] } },
    },
    {
      kind: 'one named-entity tool: {text}',
      tool: { tool: 'named-entity', name: 'person' },
      property: {
        description: 'named entities',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: { text: { type: 'string', description: 'the mention exactly as written in the input' } },
          required: ['text'],
        },
      },
    },
  ])('$kind', ({ classification, tool, property }) => {
    const ontology = parseOntology({
      classifications: classification === undefined ? [] : [classification],
      tools: tool === undefined ? [] : [tool],
    });
    const { schema } = buildTaskSchema(ontology);
    const key = classification === undefined ? 'person' : Object.values(classification)[1];
    expect(schema).toEqual({ type: 'object', additionalProperties: false, properties: { [String(key)]: property }, required: [key] });
  });
});

describe('buildTaskSchema on the text fixture', () => {
  const task = buildTaskSchema(parseOntology(JSON.parse(fixture('text-ontology.json'))), { prompt: 'Review of a hotel' });

  it('keeps to the strict-mode subset everywhere', () => {
    assertStrictCompatible(task.schema);
  });

  it('puts nested classifications beside their parent as nullable properties, and shares one entities property', () => {
    expect(task.slots.map((slot) => slot.key)).toEqual(['sentiment', 'negative_reason', 'topics', 'summary', 'entities']);
    const properties = task.schema['properties'] as Record<string, JsonSchema>;
    // Required in the ontology is not required here: a nested answer applies only under its option.
    expect(properties['negative_reason']).toEqual({
      description: 'negative reason: Why is it negative?',
      anyOf: [{ type: 'string', enum: ['price', 'service'] }, { type: 'null' }],
    });
    expect(properties['entities']).toMatchObject({
      type: 'array',
      items: {
        properties: { label: { type: 'string', enum: ['person', 'organization'] } },
        required: ['text', 'label'],
      },
    });
  });

  it('writes instructions listing each key, feature, kind, instructions and options', () => {
    expect(task.instructions.split('\n')).toEqual([
      'Review of a hotel',
      '',
      expect.stringContaining('Answer with one JSON object that matches the given JSON Schema'),
      '',
      'Keys:',
      '- `sentiment` — "sentiment" (radio, required): Overall sentiment of the text. Choose exactly one value: "positive" (Positive), "negative" (Negative).',
      '- `negative_reason` — "negative reason" (radio, only when "sentiment" includes "negative", otherwise null): Why is it negative? Choose exactly one value: "price" (Price), "service" (Service).',
      '- `topics` — "topics" (checklist, optional, an empty list when it does not apply): Topics the text talks about. Choose every value that applies, each at most once (an empty list if none): "work" (Work), "family" (Family), "travel" (Travel).',
      '- `summary` — "summary" (text, required): One-sentence summary. Answer with free text.',
      expect.stringMatching(/^- `entities` — named entities: list every mention as \{"text", "label"\} with label one of "person", "organization"; copy/),
    ]);
    expect(task.warnings).toEqual([]);
  });
});

describe('buildTaskSchema: keys, kinds and extension point', () => {
  it('maps unsafe or clashing feature names to safe, unique keys and keeps the way back', () => {
    const task = buildTaskSchema(
      parseOntology({
        classifications: [
          { type: 'text', name: 'Is it spam?' },
          { type: 'text', name: 'is it spam' },
          { type: 'text', name: '名前' },
          { type: 'text', name: '__proto__' },
          { type: 'text', name: 'entities' },
        ],
        tools: [{ tool: 'named-entity', name: 'a' }, { tool: 'named-entity', name: 'b' }],
      }),
    );
    expect(task.slots.map((slot) => [slot.key, slot.type === 'feature' ? slot.feature.name : 'entities'])).toEqual([
      ['Is_it_spam', 'Is it spam?'],
      ['is_it_spam_2', 'is it spam'],
      ['feature', '名前'],
      ['proto', '__proto__'],
      ['entities', 'entities'],
      ['entities_2', 'entities'],
    ]);
    for (const slot of task.slots) expect(slot.key).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(task.instructions).toContain('- `feature` — "名前" (text, optional, null when it does not apply)');
  });

  it('rejects image tools with 422 unsupported_modality until their handlers are added', () => {
    const ontology = parseOntology(fixture('rectangle-ontology.json'));
    let error: unknown;
    try {
      buildTaskSchema(ontology);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: 'unsupported_modality',
      status: 422,
      message: expect.stringContaining('feature "person" is a rectangle'),
      details: [{ path: 'ontology.tools.0', message: 'rectangle is not supported' }],
    });
  });

  it('lets a caller add a handler for another kind', () => {
    const boxes = { ...textHandler, schema: () => ({ type: 'array', items: { type: 'number' } }), nullableWhenOptional: false };
    const task = buildTaskSchema(parseOntology(fixture('rectangle-ontology.json')), {
      handlers: { ...classificationHandlers, rectangle: boxes },
    });
    expect(task.schema['required']).toEqual(['person', 'bicycle']);
    expect((task.schema['properties'] as Record<string, unknown>)['person']).toEqual({
      description: 'person',
      type: 'array',
      items: { type: 'number' },
    });
  });

  it('warns that classifications nested under a tool are not predicted', () => {
    const task = buildTaskSchema(
      parseOntology({
        tools: [{ tool: 'named-entity', name: 'person', classifications: [{ type: 'text', name: 'role' }] }],
      }),
    );
    expect(task.warnings).toEqual(['classifications nested under the named-entity tool "person" are not predicted']);
  });
});
