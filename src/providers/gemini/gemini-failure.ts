/**
 * What a failed Gemini call becomes. An abort from the caller's signal stays an abort (the
 * client left; nothing to report or retry); the SDK's own per-call timeout also aborts its
 * fetch, so any other abort is a timeout; the rest goes through the shared upstream mapping.
 */

import { GatewayError } from '../../errors.js';
import { isAbortError, toCallFailure, type UpstreamErrorDetail } from '../shared/upstream-error.js';

export function toGeminiFailure(error: unknown, signal: AbortSignal): Error {
  if (!signal.aborted && !(error instanceof GatewayError) && isAbortError(error)) {
    return new GatewayError('upstream_timeout', 'gemini did not answer in time', {
      details: [{ provider: 'gemini', status: null, body: 'timeout' } satisfies UpstreamErrorDetail],
      cause: error,
    });
  }
  return toCallFailure(error, signal, 'gemini');
}

