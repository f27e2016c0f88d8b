/**
 * Bearer auth against the manifest's `secrets` (SPEC §5): `Authorization: Bearer <secret>`, the
 * bare secret in `Authorization`, or `X-API-Key`. Compared in constant time: both sides are
 * hashed to equal-length digests first, so neither the length nor a prefix leaks through timing.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../errors.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function presentedToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined && authorization !== '') {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
    return (bearer?.[1] ?? authorization).trim();
  }
  const apiKey = headers['x-api-key'];
  return Array.isArray(apiKey) ? apiKey[0] : apiKey;
}

export type AuthCheck = (headers: IncomingHttpHeaders) => void;

/** Returns a check that throws 401 unless the headers carry one of the secrets; no secrets, no check. */
export function createAuthCheck(secrets: string | readonly string[] | undefined): AuthCheck {
  const list = (typeof secrets === 'string' ? [secrets] : (secrets ?? [])).filter((secret) => secret !== '');
  if (list.length === 0) return () => undefined;
  const expected = list.map(digest);
  return (headers) => {
    const token = presentedToken(headers);
    if (token === undefined || token === '') {
      throw new GatewayError('unauthorized', 'missing credentials: send Authorization: Bearer <secret>', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const presented = digest(token);
    let matched = false;
    for (const candidate of expected) matched = timingSafeEqual(candidate, presented) || matched;
    if (!matched) {
      throw new GatewayError('unauthorized', 'the secret does not match', { headers: { 'www-authenticate': 'Bearer' } });
    }
  };
}
