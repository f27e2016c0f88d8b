/**
 * Reads a vendor's `text/event-stream` body into events without touching their JSON: the
 * gateway relays `data:` verbatim, so parsing stops at the SSE framing (lines, blank-line
 * separators, `event:` names, comments). Follows the WHATWG event-stream grammar.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

import type { SseEvent, SseEventBatch } from '../provider.js';

/**
 * Yields the events each chunk of the body completes, as one batch per chunk (none when a chunk
 * completes none), with the text that framed them.
 */
export async function* parseSseStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEventBatch> {
  const decoder = new TextDecoder('utf-8');
  /** Text since the end of the last event handed over; lines before `scanFrom` are read. */
  let buffer = '';
  let scanFrom = 0;
  let eventName: string | undefined;
  let dataLines: string[] = [];

  function takeLines(final: boolean): SseEventBatch | undefined {
    const events: SseEvent[] = [];
    /** Where the last complete event's closing blank line ends. */
    let framedUpTo = 0;
    /**
     * Where the last line ended after which no event was in progress: text before it that is
     * not part of a batch (blank lines and comments after the last event) is let go, so a
     * vendor that sends nothing but comments cannot grow the buffer.
     */
    let quietUpTo = 0;
    // Vendors end lines with LF; a search for it is native and fast. CR and CRLF, which the
    // grammar allows too, take the slower character-by-character path.
    const plainLf = buffer.indexOf('\r', scanFrom) === -1;
    let start = scanFrom;
    for (;;) {
      const newline = plainLf ? lfLineEnd(buffer, start) : findLineEnd(buffer, start);
      if (newline === -1) break;
      const line = buffer.slice(start, newline.index);
      start = newline.next;
      if (line === '') {
        if (dataLines.length > 0) {
          events.push({ event: eventName, data: dataLines.length === 1 ? (dataLines[0] ?? '') : dataLines.join('\n') });
          framedUpTo = start;
        }
        eventName = undefined;
        dataLines = [];
        quietUpTo = start;
        continue;
      }
      if (line.charCodeAt(0) === 0x3a) {
        // A comment: relayed inside a batch, let go when nothing follows it in this read.
        if (dataLines.length === 0 && eventName === undefined) quietUpTo = start;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.charCodeAt(0) === 0x20) value = value.slice(1);
      if (field === 'data') dataLines.push(value);
      else if (field === 'event') eventName = value;
    }
    if (final && dataLines.length > 0) {
      // A stream that ends without the closing blank line still delivered its last event; its
      // text lacks that line, so this batch goes without text and is framed afresh.
      events.push({ event: eventName, data: dataLines.join('\n') });
      dataLines = [];
      return { events };
    }
    const text = buffer.slice(0, framedUpTo);
    const keepFrom = Math.max(framedUpTo, quietUpTo);
    buffer = buffer.slice(keepFrom);
    scanFrom = start - keepFrom;
    return events.length === 0 ? undefined : { events, text };
  }

  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    const batch = takeLines(false);
    if (batch !== undefined) yield batch;
  }
  buffer += decoder.decode();
  if (buffer !== '' && !buffer.endsWith('\n') && !buffer.endsWith('\r')) buffer += '\n';
  const last = takeLines(true);
  if (last !== undefined) yield last;
}

interface LineEnd {
  readonly index: number;
  readonly next: number;
}

function lfLineEnd(text: string, from: number): LineEnd | -1 {
  const index = text.indexOf('\n', from);
  return index === -1 ? -1 : { index, next: index + 1 };
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
