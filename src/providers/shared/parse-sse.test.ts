import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameSseEvent } from '../../http/sse-writer.js';
import type { SseEvent, SseEventBatch } from '../provider.js';
import { parseSseStream } from './parse-sse.js';

/** Events as the gateway frames them (data may hold line breaks; frameSseEvent splits them). */
const eventArbitrary = fc.record({
  event: fc.option(fc.stringMatching(/^[a-z_.]{1,20}$/), { nil: undefined }),
  data: fc.string({ maxLength: 80 }).map((text) => text.replace(/\r\n?/g, '\n')),
});

async function parse(pieces: readonly (string | Uint8Array)[]): Promise<SseEvent[]> {
  const encoder = new TextEncoder();
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const piece of pieces) yield typeof piece === 'string' ? encoder.encode(piece) : piece;
  }
  const events: SseEvent[] = [];
  for await (const batch of parseSseStream(source())) events.push(...batch.events);
  return events;
}

describe('parseSseStream', () => {
  it('reads names, multi-line data, comments and every line ending', async () => {
    const events = await parse(['event: message_start\r\ndata: {"a":1}\r\n\r\n', ': ping\n\n', 'data: line one\rdata: line two\r\r', 'data: [DONE]\n\n']);
    expect(events).toEqual([
      { event: 'message_start', data: '{"a":1}' },
      { event: undefined, data: 'line one\nline two' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('keeps a CRLF split across chunks as one line end', async () => {
    expect(await parse(['data: x\r', '\n\r', '\ndata: y\n\n'])).toEqual([
      { event: undefined, data: 'x' },
      { event: undefined, data: 'y' },
    ]);
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: café 🎉\n\n');
    expect(await parse([bytes.slice(0, 10), bytes.slice(10, 13), bytes.slice(13)])).toEqual([{ event: undefined, data: 'café 🎉' }]);
  });

  it('delivers a last event that lacks the closing blank line', async () => {
    expect(await parse(['data: {"done":true}'])).toEqual([{ event: undefined, data: '{"done":true}' }]);
  });

  it('round-trips whatever the gateway frames, however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { maxLength: 8 }), fc.integer({ min: 1, max: 17 }), async (events, size) => {
        const framed = events.map(frameSseEvent).join('');
        const pieces: string[] = [];
        for (let offset = 0; offset < framed.length; offset += size) pieces.push(framed.slice(offset, offset + size));
        expect(await parse(pieces)).toEqual(events);
      }),
    );
  });
});

describe('parseSseStream batches', () => {
  it('hands over the events each chunk completes together, and no empty batch', async () => {
    const encoder = new TextEncoder();
    async function* source(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: 1\n\ndata: 2\n\nda'); // two events and the start of a third
      yield encoder.encode('ta: 3'); // completes nothing
      yield encoder.encode('\n\n: ping\n\n'); // completes the third; a comment is no event
      yield encoder.encode('data: 4'); // ends without its blank line
    }
    const batches: SseEventBatch[] = [];
    for await (const batch of parseSseStream(source())) batches.push(batch);
    expect(batches.map((batch) => batch.events.map((event) => event.data))).toEqual([['1', '2'], ['3'], ['4']]);
  });
});

describe('parseSseStream text', () => {
  const encoder = new TextEncoder();
  async function batchesOf(pieces: readonly string[]): Promise<SseEventBatch[]> {
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const piece of pieces) yield encoder.encode(piece);
    }
    const batches: SseEventBatch[] = [];
    for await (const batch of parseSseStream(source())) batches.push(batch);
    return batches;
  }

  it('keeps each batch\'s events exactly as the vendor framed them: CRLF, comments, names', async () => {
    const batches = await batchesOf([': hello\r\nevent: a\r\ndata: 1\r\n\r\nevent: b\r\nda', 'ta: 2\r\n\r\n: tail']);
    expect(batches.map((batch) => batch.text)).toEqual([': hello\r\nevent: a\r\ndata: 1\r\n\r\n', 'event: b\r\ndata: 2\r\n\r\n']);
    expect(batches.flatMap((batch) => batch.events)).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('hands over the whole body, piece for piece, however it is cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 17 }), async (events, size) => {
        const framed = events.map(frameSseEvent).join('');
        const pieces: string[] = [];
        for (let start = 0; start < framed.length; start += size) pieces.push(framed.slice(start, start + size));
        const batches = await batchesOf(pieces);
        expect(batches.map((batch) => batch.text ?? '').join('')).toBe(framed);
      }),
      { numRuns: 150 },
    );
  });

  it('lets go of comments that arrive with no event after them in the same read', async () => {
    const batches = await batchesOf(['data: 1\n\n', ': ping\n\n', ': ping\n\n', ': ping\ndata: 2\n\n']);
    expect(batches.map((batch) => batch.text)).toEqual(['data: 1\n\n', ': ping\ndata: 2\n\n']);
  });

  it('frames afresh an event the body ended without its blank line', async () => {
    const batches = await batchesOf(['data: 1\n\ndata: 2']);
    expect(batches).toEqual([{ events: [{ event: undefined, data: '1' }], text: 'data: 1\n\n' }, { events: [{ event: undefined, data: '2' }] }]);
  });
});

describe('frameSseEvent', () => {
  it('cannot be made to emit a forged line by CR/LF in an event name', () => {
    expect(frameSseEvent({ event: 'x\r\ndata: forged', data: '1' })).toBe('event: xdata: forged\ndata: 1\n\n');
  });
});
