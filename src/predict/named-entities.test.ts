import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodePointIndex, findEntitySpans, locateEntityMentions, type EntitySpan } from './named-entities.js';

/** Python-style slicing: offsets count code points, so slice the code-point array. */
function slice(source: string, span: EntitySpan): string {
  return Array.from(source).slice(span.start, span.end).join('');
}

const spansOf = (source: string, text: string) => findEntitySpans(new CodePointIndex(source), text);

describe('findEntitySpans', () => {
  it('gives the Labelbox seed example Tom 0-3 and Bob 8-11', () => {
    const source = 'Tom and Bob are happy to work at IBM';
    const located = locateEntityMentions(source, [
      { text: 'Tom', label: 'person' },
      { text: 'Bob', label: 'person' },
      { text: 'IBM', label: 'organization' },
    ]);
    expect(located.spansByLabel.get('person')).toEqual([
      { start: 0, end: 3, text: 'Tom' },
      { start: 8, end: 11, text: 'Bob' },
    ]);
    expect(located.spansByLabel.get('organization')).toEqual([{ start: 33, end: 36, text: 'IBM' }]);
    expect(located.notFound).toBe(0);
  });

  it('gives every mention of a repeated word its own span, left to right', () => {
    const source = 'Anna met Anna, then anna left; Anna.';
    expect(spansOf(source, 'Anna')).toEqual([
      { start: 0, end: 4, text: 'Anna' },
      { start: 9, end: 13, text: 'Anna' },
      { start: 31, end: 35, text: 'Anna' },
    ]);
  });

  it('does not let occurrences overlap', () => {
    expect(spansOf('aaaa', 'aa').map((span) => [span.start, span.end])).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it('counts an astral-plane emoji as one code point', () => {
    const source = '🎉🎉 Party at Zoë’s with 👩‍👩‍👧 and Tom';
    const [tom] = spansOf(source, 'Tom');
    expect(tom).toBeDefined();
    if (tom === undefined) return;
    expect(slice(source, tom)).toBe('Tom');
    // UTF-16 would say 40; Python's len() of the prefix says 33.
    expect(tom.start).toBe(Array.from(source.slice(0, source.indexOf('Tom'))).length);
    expect(tom.start).not.toBe(source.indexOf('Tom'));
    const [party] = spansOf(source, 'Party');
    expect(party).toEqual({ start: 3, end: 8, text: 'Party' });
  });

  it('finds CJK entities, which have no spaces around them', () => {
    const source = '昨日、東京で山田さんに会いました。東京は暑かった。';
    const spans = spansOf(source, '東京');
    expect(spans.map((span) => [span.start, span.end])).toEqual([
      [3, 5],
      [17, 19],
    ]);
    for (const span of spans) expect(slice(source, span)).toBe('東京');
  });

  it('counts combining marks as code points of their own', () => {
    // "Jose\u0301" is five code points: the accent is separate, as in Python.
    const source = 'Jose\u0301 and Zoe\u0308 met Jose\u0301 again';
    const spans = spansOf(source, 'Jose\u0301');
    expect(spans.map((span) => [span.start, span.end])).toEqual([
      [0, 5],
      [19, 24],
    ]);
    for (const span of spans) expect(slice(source, span)).toBe('Jose\u0301');
    const [zoe] = spansOf(source, 'Zoe\u0308');
    expect(zoe).toEqual({ start: 10, end: 14, text: 'Zoe\u0308' });
  });

  it('prefers whole words, and falls back to substrings when there are none', () => {
    expect(spansOf('Bobby and Bob', 'Bob')).toEqual([{ start: 10, end: 13, text: 'Bob' }]);
    expect(spansOf('Bobby only', 'Bob')).toEqual([{ start: 0, end: 3, text: 'Bob' }]);
    // Accent after the match continues the word, so "Jose" is not whole inside "José".
    expect(spansOf('Jose\u0301 Jose', 'Jose')).toEqual([{ start: 6, end: 10, text: 'Jose' }]);
  });

  it('always slices back to the entity text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }), (prefix, word) => {
        const source = `${prefix}${word}${prefix}${word}`;
        const spans = spansOf(source, word);
        expect(spans.length).toBeGreaterThan(0);
        for (const span of spans) expect(slice(source, span)).toBe(word);
      }),
    );
  });
});

describe('locateEntityMentions', () => {
  it('drops and counts mentions not in the source, and locates a repeated mention once', () => {
    const located = locateEntityMentions('Tom saw Tom.', [
      { text: 'Tom', label: 'person' },
      { text: 'Tom', label: 'person' },
      { text: ' Tom ', label: 'person' },
      { text: 'Jerry', label: 'person' },
      { text: '', label: 'person' },
    ]);
    expect(located.spansByLabel.get('person')).toEqual([
      { start: 0, end: 3, text: 'Tom' },
      { start: 8, end: 11, text: 'Tom' },
    ]);
    expect(located.notFound).toBe(2);
  });

  it('sorts each label by position whatever order the model listed mentions in', () => {
    const located = locateEntityMentions('Bob and Tom', [
      { text: 'Tom', label: 'person' },
      { text: 'Bob', label: 'person' },
    ]);
    expect(located.spansByLabel.get('person')?.map((span) => span.text)).toEqual(['Bob', 'Tom']);
  });
});
