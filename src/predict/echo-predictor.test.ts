import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseOntology } from '../labelbox/ontology.js';
import { echoModelOutput } from './echo-predictor.js';
import { toKeyedAnswer } from './keyed-answer.js';
import { buildTaskSchema } from './task-schema.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ontologies/${name}`, import.meta.url), 'utf8');
const silentLog = { warn: () => undefined };
const source = 'Tom and Bob are happy to work at IBM. Tom stays.';

describe('echoModelOutput', () => {
  it('answers the text fixture deterministically through the normal keyed-answer path', () => {
    const task = buildTaskSchema(parseOntology(JSON.parse(fixture('text-ontology.json'))));
    const output = echoModelOutput(task, source);
    expect(output).toEqual({
      sentiment: 'positive',
      negative_reason: 'price',
      topics: ['work'],
      summary: source,
      entities: [
        { text: 'Tom', label: 'person' },
        { text: 'Bob', label: 'person' },
        { text: 'IBM', label: 'person' },
      ],
    });
    expect(toKeyedAnswer(task, output, source, silentLog)).toEqual({
      ok: true,
      droppedEntities: 0,
      answer: {
        sentiment: 'positive',
        topics: ['work'],
        summary: source,
        person: [
          { start: 0, end: 3, text: 'Tom' },
          { start: 8, end: 11, text: 'Bob' },
          { start: 33, end: 36, text: 'IBM' },
          { start: 38, end: 41, text: 'Tom' },
        ],
        organization: [],
      },
    });
  });

  it('uses {text} items for a single entity tool and a fixed string without source text', () => {
    const task = buildTaskSchema(parseOntology(parseYaml(fixture('manifest-ontology.yaml'))));
    expect(echoModelOutput(task, 'Flights from Paris to Ōsaka, via Zürich')).toMatchObject({
      place: [{ text: 'Flights' }, { text: 'Paris' }, { text: 'Ōsaka' }, { text: 'Zürich' }],
    });
    const withoutText = echoModelOutput(task, undefined);
    expect(withoutText).toEqual({ language: 'english', flags: ['question'], title: 'echo', place: [] });
    expect(toKeyedAnswer(task, withoutText, undefined, silentLog)).toEqual({
      ok: true,
      droppedEntities: 0,
      answer: { language: 'english', flags: ['question'], title: 'echo', place: [] },
    });
  });
});
