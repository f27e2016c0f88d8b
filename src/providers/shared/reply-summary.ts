/**
 * What the gateway itself needs from a vendor's whole (non-streamed) reply: the answer's text
 * (predict reads the model's JSON out of it) and the token usage (logs and metrics). The raw
 * body is still what run_direct relays; this is read beside it, never instead of it.
 */

import { z } from 'zod';

export interface TokenUsage {
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
}

export interface ReplySummary {
  readonly text: string;
  readonly usage: TokenUsage;
}

/**
 * @param body the raw JSON text
 * @param parsed the same body already parsed, when the caller has it (saves a second parse)
 */
export type ReplyReader = (body: string, parsed?: unknown) => ReplySummary;

export const noUsage: TokenUsage = { inputTokens: undefined, outputTokens: undefined };

/** Parses a vendor body with a zod schema of just the fields the gateway reads. */
export function readVendorJson<Schema extends z.ZodType>(schema: Schema, body: string, parsed?: unknown): z.infer<Schema> | undefined {
  let json: unknown = parsed;
  if (json === undefined) {
    try {
      json = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const result = schema.safeParse(json);
  return result.success ? result.data : undefined;
}

export const optionalCount = z.number().int().nonnegative().optional();
