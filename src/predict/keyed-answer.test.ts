import { readFileSync } from 'node:fs';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { parseOntology } from '../labelbox/ontology.js';
import { readModelReply, repairInstruction, toKeyedAnswer, validateModelOutput } from './keyed-answer.js';
import { buildTaskSchema } from './task-schema.js';
import type { WarningLog } from './task-types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ontologies/${name}`, import.meta.url), 'utf8');

function recordingLog(): WarningLog & { warnings: [Record<string, unknown>, string][] } {
  const warnings: [Record<string, unknown>, string][] = [];
  return { warnings, warn: (fields, message) => warnings.push([fields, message]) };
}

const textTask = buildTaskSchema(parseOntology(JSON.parse(fixture('text-ontology.json'))));
const source = 'Tom and Bob are happy to work at IBM';

describe('toKeyedAnswer: model output -> answer keyed by feature name (SPEC §7)', () => {
  it.each([
    {
      title: 'every kind, with a nested radio under the chosen option',
      output: {
        sentiment: 'negative',
        negative_reason: 'price',
        topics: ['work', 'travel'],
        summary: 'Two people like their jobs.',
        entities: [
          { text: 'Tom', label: 'person' },
          { text: 'Bob', label: 'person' },
          { text: 'IBM', label: 'organization' },
        ],
      },
      answer: {
        sentiment: 'negative',
        'negative reason': 'price',
        topics: ['work', 'travel'],
        summary: 'Two people like their jobs.',
        person: [
          { start: 0, end: 3, text: 'Tom' },
          { start: 8, end: 11, text: 'Bob' },
        ],
        organization: [{ start: 33, end: 36, text: 'IBM' }],
      },
    },
    {
      title: 'a nested answer under an option that was not chosen is left out',
      output: { sentiment: 'positive', negative_reason: 'price', topics: [], summary: 's', entities: [] },
      answer: { sentiment: 'positive', topics: [], summary: 's', person: [], organization: [] },
    },
    {
      title: 'null for an optional nested feature is left out',
      output: { sentiment: 'negative', negative_reason: null, topics: ['work', 'work'], summary: '', entities: [] },
      answer: { sentiment: 'negative', topics: ['work'], summary: '', person: [], organization: [] },
    },
  ])('$title', ({ output, answer }) => {
    const result = toKeyedAnswer(textTask, output, source, recordingLog());
    expect(result).toEqual({ ok: true, answer, droppedEntities: 0 });
  });

  it('answers a single entity tool from {text} items, and drops unknown mentions with a warning', () => {
    const task = buildTaskSchema(parseOntology({ tools: [{ tool: 'named-entity', name: 'company' }] }));
    const log = recordingLog();
    const result = toKeyedAnswer(task, { company: [{ text: 'IBM' }, { text: 'Apple' }] }, source, log);
    expect(result).toEqual({ ok: true, answer: { company: [{ start: 33, end: 36, text: 'IBM' }] }, droppedEntities: 1 });
    expect(log.warnings).toEqual([
      [{ droppedEntities: 1, mentions: 2 }, 'named-entity mentions not found in the source text were dropped'],
    ]);
  });

  it('drops every mention when there is no source text to find them in', () => {
    const log = recordingLog();
    const result = toKeyedAnswer(
      textTask,
      { sentiment: 'positive', negative_reason: null, topics: [], summary: 's', entities: [{ text: 'Tom', label: 'person' }] },
      undefined,
      log,
    );
    expect(result).toMatchObject({ ok: true, droppedEntities: 1, answer: { person: [], organization: [] } });
    expect(log.warnings).toHaveLength(1);
  });

  it('keys answers by any feature name, including ones that are not safe property names', () => {
    const task = buildTaskSchema(
      parseOntology({ classifications: [{ type: 'text', name: '__proto__' }, { type: 'radio', name: 'Is it spam?', required: true, options: ['yes', 'no'] }] }),
    );
    const result = toKeyedAnswer(task, { proto: 'x', Is_it_spam: 'no' }, undefined, recordingLog());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.answer)).toEqual(['__proto__', 'Is it spam?']);
    expect(JSON.parse(JSON.stringify(result.answer))).toEqual(JSON.parse('{"__proto__":"x","Is it spam?":"no"}'));
    expect(Object.getPrototypeOf(result.answer)).toBe(Object.prototype);
  });

  it('accepts a pino logger as the warning log', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const task = buildTaskSchema(parseOntology({ tools: [{ tool: 'named-entity', name: 'company' }] }));
    toKeyedAnswer(task, { company: [{ text: 'Nowhere Inc' }] }, source, logger);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ droppedEntities: 1, msg: expect.stringContaining('dropped') });
  });
});

describe('validateModelOutput: invalid output is reported for a repair round-trip', () => {
  it.each([
    {
      title: 'an option that does not exist',
      output: { sentiment: 'neutral', negative_reason: null, topics: [], summary: 's', entities: [] },
      errors: [{ path: 'output.sentiment', message: 'must be equal to one of the allowed values: "positive", "negative"' }],
    },
    {
      title: 'a missing required key and an extra key',
      output: { sentiment: 'positive', negative_reason: null, topics: [], entities: [], mood: 'happy' },
      errors: [
        { path: 'output.summary', message: 'is required' },
        { path: 'output.mood', message: 'is not an allowed property' },
      ],
    },
    {
      title: 'null for a required feature',
      output: { sentiment: null, negative_reason: null, topics: [], summary: 's', entities: [] },
      errors: [
        { path: 'output.sentiment', message: 'must be string' },
        { path: 'output.sentiment', message: 'must be equal to one of the allowed values: "positive", "negative"' },
      ],
    },
    {
      title: 'an entity without a label when there are several entity tools',
      output: { sentiment: 'positive', negative_reason: null, topics: [], summary: 's', entities: [{ text: 'Tom' }] },
      errors: [{ path: 'output.entities.0.label', message: 'is required' }],
    },
    {
      title: 'not an object at all',
      output: ['positive'],
      errors: [{ path: 'output', message: 'must be object' }],
    },
  ])('$title', ({ output, errors }) => {
    const result = validateModelOutput(textTask, output);
    expect(result).toEqual({ ok: false, errors });
    expect(toKeyedAnswer(textTask, output, source, recordingLog())).toEqual({ ok: false, errors });
  });

  it('turns the errors into the text of a repair turn', () => {
    expect(repairInstruction([{ path: 'output.sentiment', message: 'must be string' }])).toBe(
      'Your previous reply did not match the required JSON Schema (output.sentiment: must be string). ' +
        'Reply again with only the corrected JSON object.',
    );
  });
});

describe('readModelReply', () => {
  it('reads a fenced reply with prose around it', () => {
    const reply =
      'Here is the labelling:\n```json\n{"sentiment":"positive","negative_reason":null,"topics":["work"],"summary":"ok","entities":[{"text":"IBM","label":"organization"}]}\n```';
    expect(readModelReply(textTask, reply, source, recordingLog())).toEqual({
      ok: true,
      droppedEntities: 0,
      answer: { sentiment: 'positive', topics: ['work'], summary: 'ok', person: [], organization: [{ start: 33, end: 36, text: 'IBM' }] },
    });
  });

  it('reports a reply with no JSON as invalid output', () => {
    expect(readModelReply(textTask, 'I cannot help with that.', source, recordingLog())).toEqual({
      ok: false,
      errors: [{ path: 'output', message: 'the model\'s reply holds no JSON object: "I cannot help with that."' }],
    });
  });
});

describe('validator cache', () => {
  it('compiles a task schema once however often it is used', async () => {
    const { Ajv } = await import('ajv');
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const task = buildTaskSchema(parseOntology({ classifications: [{ type: 'text', name: 'cache probe', required: true }] }));
    const again = buildTaskSchema(parseOntology({ classifications: [{ type: 'text', name: 'cache probe', required: true }] }));
    validateModelOutput(task, { cache_probe: 'a' });
    validateModelOutput(again, { cache_probe: 'b' });
    validateModelOutput(task, { cache_probe: 1 });
    expect(compile).toHaveBeenCalledTimes(1);
    compile.mockRestore();
  });
});
