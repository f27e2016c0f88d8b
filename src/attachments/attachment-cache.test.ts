import { describe, expect, it } from 'vitest';
import { createAttachmentCache } from './attachment-cache.js';

const entry = (size: number) => ({ bytes: Buffer.alloc(size, 1), contentType: 'image/png' });

describe('createAttachmentCache', () => {
  it('returns the very Buffer it was given (shared, not copied)', () => {
    const cache = createAttachmentCache();
    const stored = entry(10);
    cache.set('https://a/1', stored);
    expect(cache.get('https://a/1')?.bytes).toBe(stored.bytes);
    expect(cache.get('https://a/2')).toBeUndefined();
  });

  it('evicts the least recently used entry when over the entry count', () => {
    const cache = createAttachmentCache({ maxEntries: 2 });
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    cache.get('a');
    cache.set('c', entry(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.entryCount).toBe(2);
  });

  it('evicts until the total size fits, and keeps the running total right', () => {
    const cache = createAttachmentCache({ maxTotalBytes: 100 });
    cache.set('a', entry(40));
    cache.set('b', entry(40));
    cache.set('c', entry(40));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.totalBytes).toBe(80);
    cache.set('b', entry(10));
    expect(cache.totalBytes).toBe(50);
  });

  it('does not keep an entry bigger than the whole budget, nor evict others for it', () => {
    const cache = createAttachmentCache({ maxTotalBytes: 100 });
    cache.set('small', entry(10));
    cache.set('huge', entry(101));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBeDefined();
  });

  it('drops entries older than maxAgeMs', () => {
    let clock = 1_000;
    const cache = createAttachmentCache({ maxAgeMs: 500, now: () => clock });
    cache.set('a', entry(5));
    clock += 500;
    expect(cache.get('a')).toBeDefined();
    clock += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.totalBytes).toBe(0);
  });

  it('clears', () => {
    const cache = createAttachmentCache();
    cache.set('a', entry(5));
    cache.clear();
    expect([cache.entryCount, cache.totalBytes]).toEqual([0, 0]);
  });
});
