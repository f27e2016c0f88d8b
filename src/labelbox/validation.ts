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

/**
 * Labelbox may send `row_data`, `ontology` and `inference_params` as JSON or as a string
 * holding that JSON; this reads the second form.
 */
export function parseJsonString(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    throw new GatewayError('invalid_request', `${path} is a string but not valid JSON`, {
      details: [{ path, message: reason }],
    });
  }
}
