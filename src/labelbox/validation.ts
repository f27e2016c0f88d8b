/** zod results -> the gateway's 400 with each problem's path (SPEC §5). */

import type { z } from 'zod';
import { GatewayError, type ErrorCode, type ErrorDetail } from '../errors.js';

export function issuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: string): ErrorDetail[] {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map((segment) => String(segment))].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}

export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  prefix: string,
  code: ErrorCode = 'invalid_request',
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues, prefix);
  const first = details[0];
  const summary = first === undefined ? 'invalid' : `${first.path || prefix}: ${first.message}`;
  throw new GatewayError(code, `${prefix === '' ? 'request' : prefix} is invalid (${summary})`, { details });
}

/** Deeper than any real envelope, conversation or ontology; deep enough never to bother anyone. */
export const maxNestingDepth = 64;

/**
 * Refuses JSON nested deeper than `maxNestingDepth`: recursive code further on (validation,
 * cloning) would otherwise overflow the stack on a hostile body and answer 500. The check
 * recurses itself, but never deeper than `limit` frames, so it cannot overflow; and it allocates
 * nothing per node (it runs on every request body).
 */
export function assertNestingDepth(value: unknown, path: string, limit = maxNestingDepth): void {
  if (nestedDeeperThan(value, limit)) {
    throw new GatewayError('invalid_request', `${path} is nested more than ${limit} levels deep`, {
      details: [{ path, message: `nested more than ${limit} levels deep` }],
    });
  }
}

/** Whether a container sits `levels` or more levels below `value` (`value` itself is level 0). */
function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels <= 0) return true;
  if (Array.isArray(value)) {
    for (const item of value as readonly unknown[]) if (nestedDeeperThan(item, levels - 1)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (Object.hasOwn(record, key) && nestedDeeperThan(record[key], levels - 1)) return true;
  }
  return false;
}

/**
 * Labelbox may send `row_data`, `ontology` and `inference_params` as JSON or as a string
 * holding that JSON; this reads the second form.
 */
export function parseJsonString(text: string, path: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    throw new GatewayError('invalid_request', `${path} is a string but not valid JSON`, {
      details: [{ path, message: reason }],
    });
  }
  assertNestingDepth(parsed, path);
  return parsed;
}
