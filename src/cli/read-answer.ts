/**
 * What a person should read from one gateway answer: the model's text for a direct run, the
 * keyed answer for predict, the vendor-native request for a dry run, or the error's code and
 * message. Pure: bodies in, text out.
 */

import { providerIds, type ProviderId } from '../providers/provider.js';
import { replyReaders } from '../providers/reply-readers.js';
import { noUsage, type TokenUsage } from '../providers/shared/reply-summary.js';

export type AnswerKind = 'direct' | 'predict' | 'dry-run';

export interface Answer {
  readonly text: string;
  readonly usage: TokenUsage;
  readonly warnings: readonly string[];
}

export interface ResultError {
  readonly code: string;
  readonly message: string;
  readonly details: readonly unknown[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** `x-gateway-provider` as a known provider id (anything else is treated as unknown). */
export function readProvider(header: string | null): ProviderId | undefined {
  return providerIds.find((id) => id === header);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function readAnswer(kind: AnswerKind, provider: ProviderId | undefined, body: string): Answer {
  switch (kind) {
    case 'direct': {
      // Without the provider the vendor's shape is unknown; the raw body is still worth showing.
      if (provider === undefined) return { text: body, usage: noUsage, warnings: [] };
      const summary = replyReaders[provider](body);
      return { text: summary.text, usage: summary.usage, warnings: [] };
    }
    case 'predict': {
      const json = parseJson(body);
      return { text: json === undefined ? body : JSON.stringify(json, null, 2), usage: noUsage, warnings: [] };
    }
    case 'dry-run': {
      const json = parseJson(body);
      if (!isPlainObject(json)) return { text: body, usage: noUsage, warnings: [] };
      return { text: JSON.stringify(json['request'], null, 2), usage: noUsage, warnings: stringList(json['warnings']) };
    }
    default: {
      const unknownKind: never = kind;
      throw new Error(`unknown answer kind: ${String(unknownKind)}`);
    }
  }
}

/**
 * The gateway's error envelope (`{"error": {"code", "message", "details"}}`), or a vendor's own
 * stream error (`{"type": "error", "error": {"type", "message"}}`), or whatever else came back.
 */
export function readError(status: number, body: string): ResultError {
  const json = parseJson(body);
  const error = isPlainObject(json) ? json['error'] : undefined;
  if (isPlainObject(error)) {
    const code = typeof error['code'] === 'string' ? error['code'] : typeof error['type'] === 'string' ? error['type'] : `http_${status}`;
    const message = typeof error['message'] === 'string' ? error['message'] : body;
    return { code, message, details: Array.isArray(error['details']) ? error['details'] : [] };
  }
  return { code: `http_${status}`, message: body.trim() === '' ? `HTTP ${status}` : body.trim(), details: [] };
}
