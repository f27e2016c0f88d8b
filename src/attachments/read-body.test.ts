import { describe, expect, it } from 'vitest';
import { readBodyWithLimit } from './read-body.js';

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

describe('readBodyWithLimit', () => {
  it('joins chunks when no length was declared', async () => {
    const result = await readBodyWithLimit(chunks('ab', 'cd', 'e'), 10, undefined);
    expect(result.ok && result.bytes.toString()).toBe('abcde');
  });

  it('fills a buffer sized from the declared length', async () => {
    const result = await readBodyWithLimit(chunks('ab', 'cd'), 10, 4);
    expect(result.ok && result.bytes.toString()).toBe('abcd');
  });

  it('keeps every byte when more arrive than declared', async () => {
    const result = await readBodyWithLimit(chunks('ab', 'cd', 'ef'), 10, 3);
    expect(result.ok && result.bytes.toString()).toBe('abcdef');
  });

  it('never exposes unwritten memory when fewer bytes arrive than declared', async () => {
    const result = await readBodyWithLimit(chunks('ab'), 10, 8);
    expect(result.ok && result.bytes.toString()).toBe('ab');
  });

  it('stops as soon as the count passes the limit, whatever was declared', async () => {
    let pulled = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(4);
      }
    }
    await expect(readBodyWithLimit(endless(), 10, 2)).resolves.toEqual({ ok: false, receivedBytes: 12 });
    expect(pulled).toBe(3);
  });
});
