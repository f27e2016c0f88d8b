/**
 * What one request did, gathered while it runs and written once when its connection closes:
 * one log line (SPEC §8) and the metrics. The pipelines fill it in through plain fields, so they
 * stay free of HTTP and of any logging or metrics library.
 */

import { noUsage, type TokenUsage } from '../providers/shared/reply-summary.js';

export class RequestTelemetry {
  readonly startedAt = performance.now();
  model: string | undefined;
  provider: string | undefined;
  upstreamModel: string | undefined;
  upstreamStartedAt: number | undefined;
  firstTokenAt: number | undefined;
  upstreamEndedAt: number | undefined;
  #usage: TokenUsage = noUsage;
  #readUsage: (() => TokenUsage) | undefined;
  /** Media parts sent to the vendor. */
  attachments = 0;
  attachmentBytes = 0;
  attempts = 0;
  errorCode: string | undefined;

  /** Bytes of one network fetch (a cache hit fetches nothing). */
  attachmentFetched(bytes: number): void {
    this.attachmentBytes += bytes;
  }

  /** Token usage as the vendor reported it (read now if it was deferred). */
  get usage(): TokenUsage {
    if (this.#readUsage !== undefined) {
      const read = this.#readUsage;
      this.#readUsage = undefined;
      this.#usage = read();
    }
    return this.#usage;
  }

  set usage(usage: TokenUsage) {
    this.#readUsage = undefined;
    this.#usage = usage;
  }

  /**
   * Usage to read only when someone asks (the log line and metrics, once the answer has left):
   * reading it from a whole reply is work the client should not wait for.
   */
  deferUsage(read: () => TokenUsage): void {
    this.#readUsage = read;
  }

  firstToken(): void {
    this.firstTokenAt ??= performance.now();
  }

  get upstreamSeconds(): number | undefined {
    if (this.upstreamStartedAt === undefined || this.upstreamEndedAt === undefined) return undefined;
    return (this.upstreamEndedAt - this.upstreamStartedAt) / 1000;
  }

  get timeToFirstTokenSeconds(): number | undefined {
    if (this.upstreamStartedAt === undefined || this.firstTokenAt === undefined) return undefined;
    return (this.firstTokenAt - this.upstreamStartedAt) / 1000;
  }
}
