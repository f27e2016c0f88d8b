/**
 * The Responses fixtures the adapter tests replay, checked against OpenAI's response schemas.
 */

import { describe, expect, test } from 'vitest';
import { validateAgainst } from '../../../test/support/openai-spec-validator.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';


function fixture(name: string): string {
  return readVendorFixture('openai-responses', name);
}

describe('OpenAI Responses fixtures', () => {
  test('response.json is a Response', () => {
    expect(validateAgainst('Response', JSON.parse(fixture('response.json')))).toEqual([]);
  });

  test('response.sse: each event names its type, validates, and numbers rise from 0', () => {
    const frames = fixture('response.sse').split('\n\n').filter((frame) => frame !== '');
    const events = frames.map((frame) => {
      const [eventLine = '', dataLine = ''] = frame.split('\n');
      return { name: eventLine.replace(/^event: /, ''), data: JSON.parse(dataLine.replace(/^data: /, '')) };
    });
    for (const [index, event] of events.entries()) {
      expect(event.data.type).toBe(event.name);
      expect(event.data.sequence_number).toBe(index);
      expect(validateAgainst('ResponseStreamEvent', event.data)).toEqual([]);
    }
    expect(events.map((event) => event.name)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array<string>(6).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  test.each(['error-400.json', 'error-500.json'])('%s is an ErrorResponse', (name) => {
    expect(validateAgainst('ErrorResponse', JSON.parse(fixture(name)))).toEqual([]);
  });
});
