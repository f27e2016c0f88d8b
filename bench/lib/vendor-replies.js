/**
 * What the mock vendor answers, taken from the recorded replies in `fixtures/vendors/`, so the
 * gateway relays bytes shaped exactly like the real APIs': the JSON bodies as recorded, and the
 * SSE streams split into their events. A long stream repeats one recorded delta event between
 * the recorded opening and closing events.
 * @see ../../fixtures/vendors/openai/README.md
 */

import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

/** @typedef {'openai' | 'anthropic' | 'gemini'} Vendor */

/** @type {readonly Vendor[]} */
export const vendors = ['openai', 'anthropic', 'gemini'];

const fixtures = new URL('../../fixtures/vendors/', import.meta.url);

/**
 * @typedef {object} VendorReplies
 * @property {Buffer} json the non-streamed reply body
 * @property {readonly Buffer[]} stream every event of the recorded stream, framed (`...\n\n`)
 * @property {readonly Buffer[]} head events a long stream opens with
 * @property {Buffer} delta the event a long stream repeats (one text delta)
 * @property {readonly Buffer[]} tail events a long stream closes with
 */

/** Where each vendor's recorded stream switches from opening events to deltas and back. */
const recordings = {
  openai: { json: 'openai/chat-completion.json', sse: 'openai/chat-completion.sse', headCount: 1, tailCount: 3 },
  anthropic: { json: 'anthropic/message.json', sse: 'anthropic/message.sse', headCount: 3, tailCount: 3 },
  gemini: { json: 'gemini/generate-content.json', sse: 'gemini/stream.sse', headCount: 1, tailCount: 1 },
};

/**
 * Splits a recorded `text/event-stream` body into framed events.
 * @param {string} text
 * @returns {Buffer[]}
 */
export function splitSseEvents(text) {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\n+/)
    .filter((event) => event.trim() !== '')
    .map((event) => Buffer.from(`${event}\n\n`));
}

/**
 * @param {Vendor} vendor
 * @returns {VendorReplies}
 */
export function loadVendorReplies(vendor) {
  const recording = recordings[vendor];
  const read = (/** @type {string} */ name) => readFileSync(fileURLToPath(new URL(name, fixtures)));
  const stream = splitSseEvents(read(recording.sse).toString('utf8'));
  const delta = stream[recording.headCount];
  if (delta === undefined || stream.length < recording.headCount + recording.tailCount + 1) {
    throw new Error(`the recorded ${vendor} stream is shorter than the bench expects`);
  }
  return {
    json: read(recording.json),
    stream,
    head: stream.slice(0, recording.headCount),
    delta,
    tail: stream.slice(stream.length - recording.tailCount),
  };
}

/**
 * Counts complete SSE events in a byte stream fed chunk by chunk: every blank line (`\n\n`)
 * ends one, including across a chunk boundary. Comments (`: ping`) count too; the bench streams
 * are too short to get any.
 */
export class SseEventCounter {
  count = 0;
  #endsWithNewline = false;

  /** @param {Buffer} chunk */
  push(chunk) {
    if (chunk.length === 0) return;
    if (this.#endsWithNewline && chunk[0] === 0x0a) this.count += 1;
    let from = 0;
    for (;;) {
      const found = chunk.indexOf('\n\n', from);
      if (found === -1) break;
      this.count += 1;
      from = found + 2;
    }
    // A lone trailing newline may pair with the next chunk's first byte; one already used by a
    // match above (`...\n\n` at the very end) must not be counted twice.
    this.#endsWithNewline = chunk[chunk.length - 1] === 0x0a && from !== chunk.length;
  }
}
