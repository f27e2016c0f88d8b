import { describe, expect, it } from 'vitest';
import { parseModelJson } from './model-json.js';

describe('parseModelJson', () => {
  it.each([
    { title: 'bare JSON', text: '{"a": 1}', value: { a: 1 } },
    { title: 'surrounding whitespace and a BOM', text: '\uFEFF  \n{"a": 1}\n ', value: { a: 1 } },
    { title: 'a ```json fence', text: '```json\n{"a": [1, 2]}\n```', value: { a: [1, 2] } },
    { title: 'a bare ``` fence after prose', text: 'Here you go:\n```\n{"a": "b"}\n```\nAnything else?', value: { a: 'b' } },
    { title: 'leading prose without a fence', text: 'The answer is {"a": {"b": "}"}} as requested.', value: { a: { b: '}' } } },
    { title: 'an escaped quote and braces inside strings', text: 'x {"a": "say \\"{hi}\\""} y', value: { a: 'say "{hi}"' } },
    { title: 'a stray brace in prose before the object', text: 'Use { carefully: {"a": 1}', value: { a: 1 } },
    { title: 'a non-JSON brace group before the object', text: 'Note {this} first. {"a": 2}', value: { a: 2 } },
  ])('reads $title', ({ text, value }) => {
    expect(parseModelJson(text)).toEqual({ ok: true, value });
  });

  it.each([
    { title: 'plain prose', text: 'I cannot label this.' },
    { title: 'a JSON array (the schema asks for an object)', text: '[{"a": 1}]' },
    { title: 'a truncated object', text: '{"a": "unfinished' },
    { title: 'an empty reply', text: '' },
  ])('refuses $title', ({ text }) => {
    const result = parseModelJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^the model's reply holds no JSON object: /);
  });

  it('keeps the error short for long replies', () => {
    const result = parseModelJson('x'.repeat(5000));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeLessThan(260);
  });
});
