/** SSE text (a recorded fixture, or what the gateway wrote) as the events a client would read. */

import type { SseEvent } from '../../src/providers/provider.js';

/** Splits SSE text into events (LF or CRLF framing); comments are skipped. */
export function parseSseText(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}
