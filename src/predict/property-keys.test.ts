import { describe, expect, it } from 'vitest';
import { createPropertyKeyAllocator } from './property-keys.js';

describe('createPropertyKeyAllocator', () => {
  it.each([
    ['sentiment', 'sentiment'],
    ['Is it spam?', 'Is_it_spam'],
    ['Café au lait', 'Cafe_au_lait'],
    ['a.b/c:d', 'a_b_c_d'],
    ['--__x__--', 'x'],
    ['名前', 'feature'],
    ['!!!', 'feature'],
  ])('%j -> %j', (name, key) => {
    expect(createPropertyKeyAllocator().allocate(name)).toBe(key);
  });

  it('keeps keys unique, case-blind, with numbered suffixes', () => {
    const keys = createPropertyKeyAllocator();
    expect(['topic', 'Topic', 'topic?', 'topic_2', '名', '前'].map((name) => keys.allocate(name))).toEqual([
      'topic',
      'Topic_2',
      'topic_3',
      'topic_2_2',
      'feature',
      'feature_2',
    ]);
  });

  it('stays within 64 characters', () => {
    const keys = createPropertyKeyAllocator();
    const long = 'x'.repeat(200);
    for (const key of [keys.allocate(long), keys.allocate(long), keys.allocate(long)]) {
      expect(key).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    }
  });
});
