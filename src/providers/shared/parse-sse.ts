/**
 * Reads a vendor's `text/event-stream` body into events without touching their JSON: the
 * gateway relays `data:` verbatim, so parsing stops at the SSE framing (lines, blank-line
 * separators, `event:` names, comments). Follows the WHATWG event-stream grammar.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

import type { SseEvent } from '../provider.js';

export async function* parseSseStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let eventName: string | undefined;
  let dataLines: string[] = [];

  function* takeLines(final: boolean): Generator<SseEvent> {
    let start = 0;
    for (;;) {
      const newline = findLineEnd(buffer, start);
      if (newline === -1) break;
      const line = buffer.slice(start, newline.index);
      start = newline.next;
      if (line === '') {
        if (dataLines.length > 0) yield { event: eventName, data: dataLines.join('\n') };
        eventName = undefined;
        dataLines = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') dataLines.push(value);
      else if (field === 'event') eventName = value;
    }
    buffer = buffer.slice(start);
    if (final && dataLines.length > 0) {
      // A stream that ends without the closing blank line still delivered its last event.
      yield { event: eventName, data: dataLines.join('\n') };
      dataLines = [];
    }
  }

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* takeLines(false);
  }
  buffer += decoder.decode();
  if (buffer !== '' && !buffer.endsWith('\n') && !buffer.endsWith('\r')) buffer += '\n';
  yield* takeLines(true);
}

interface LineEnd {
  readonly index: number;
  readonly next: number;
}

/** CRLF, LF and CR all end a line; a CR at the very end may be the first half of a CRLF. */
function findLineEnd(text: string, from: number): LineEnd | -1 {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) return { index, next: index + 1 };
    if (code === 13) {
      if (index + 1 >= text.length) return -1;
      return { index, next: text.charCodeAt(index + 1) === 10 ? index + 2 : index + 1 };
    }
  }
  return -1;
}
