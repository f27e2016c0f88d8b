/**
 * Writes a vendor's events to the client as `text/event-stream` (SPEC §6): each event keeps its
 * name and its `data:` verbatim, `: ping` comments keep an idle connection open through proxies,
 * and a failure after the first byte becomes an `event: error` because the status line is gone.
 */

import type { ServerResponse } from 'node:http';
import type { SseEvent, SseEventBatch } from '../providers/provider.js';

export interface SseWriterOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly pingIntervalMs: number;
}

/** An event name or data line must not smuggle a line break into the framing. */
const lineBreak = /\r\n|\r|\n/;

export function frameSseEvent(event: SseEvent): string {
  const name = event.event === undefined ? '' : `event: ${event.event.replace(/[\r\n]/g, '')}\n`;
  const lines = event.data.split(lineBreak);
  let framed = name;
  for (const line of lines) framed += `data: ${line}\n`;
  return `${framed}\n`;
}

export class SseWriter {
  readonly #response: ServerResponse;
  readonly #pingIntervalMs: number;
  /** One timer for the stream's life, re-armed with `refresh()`: no timer churn per event. */
  readonly #pingTimer: NodeJS.Timeout;
  #started = false;

  constructor(response: ServerResponse, options: SseWriterOptions) {
    this.#response = response;
    this.#pingIntervalMs = options.pingIntervalMs;
    response.writeHead(200, {
      ...options.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    // No flushHeaders(): the writer exists once the first event is in hand, so the status line
    // and headers leave in the same write as that event (one packet, not two, before first byte).
    this.#pingTimer = setTimeout(() => this.#ping(), this.#pingIntervalMs);
    this.#pingTimer.unref();
  }

  get started(): boolean {
    return this.#started;
  }

  get closed(): boolean {
    return this.#response.destroyed || this.#response.writableEnded;
  }

  /**
   * One write for the whole batch: the vendor's own framing when the batch carries it, else the
   * events framed here. Resolves once the client has taken the bytes (back-pressure: a slow
   * reader slows the relay).
   */
  async write(batch: SseEventBatch): Promise<void> {
    this.#started = true;
    let text = batch.text;
    if (text === undefined) {
      text = '';
      for (const event of batch.events) text += frameSseEvent(event);
    }
    await this.#writeRaw(text);
    this.#pingTimer.refresh();
  }

  async writeError(error: unknown): Promise<void> {
    await this.#writeRaw(frameSseEvent({ event: 'error', data: JSON.stringify(error) }));
  }

  end(): void {
    clearTimeout(this.#pingTimer);
    if (!this.closed) this.#response.end();
  }

  async #writeRaw(text: string): Promise<void> {
    if (this.closed) return;
    if (this.#response.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.#response.off('drain', done);
        this.#response.off('close', done);
        resolve();
      };
      this.#response.on('drain', done);
      this.#response.on('close', done);
    });
  }

  /** Runs after `pingIntervalMs` without an event (every write pushes it back). */
  #ping(): void {
    if (this.closed) return;
    this.#response.write(': ping\n\n');
    this.#pingTimer.refresh();
  }
}
