/** Scripted vendor streams for tests, in the batches the relay handles (`SseEventBatch`). */

import type { SseEvent, SseEventBatch, UpstreamReply } from '../../src/providers/provider.js';

/**
 * Each event as a batch of its own, as a vendor writing one event per socket read delivers them.
 * A hand-written iterator, not a generator: `return()` reaches the source even before the first
 * `next()`, so tests of early stops see the source stopped.
 */
export function oneEventBatches(events: AsyncIterable<SseEvent>): AsyncIterable<SseEventBatch> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<SseEventBatch> {
      const source = events[Symbol.asyncIterator]();
      return {
        async next(): Promise<IteratorResult<SseEventBatch>> {
          const result = await source.next();
          return result.done === true ? { done: true, value: undefined } : { done: false, value: { events: [result.value] } };
        },
        async return(): Promise<IteratorResult<SseEventBatch>> {
          await source.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** Every event of a streamed reply, read to its end (a JSON reply fails the test). */
export async function streamedEvents(reply: UpstreamReply): Promise<SseEvent[]> {
  if (reply.kind !== 'stream') throw new Error(`expected a stream, got ${reply.kind}`);
  const events: SseEvent[] = [];
  for await (const batch of reply.batches) events.push(...batch.events);
  return events;
}

/** Every event of every batch, in order. */
export async function* eventsOf(batches: AsyncIterable<SseEventBatch>): AsyncGenerator<SseEvent> {
  for await (const batch of batches) yield* batch.events;
}
