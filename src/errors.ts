/**
 * The one registry of coded errors (SPEC §5). Every error a client can see is a
 * `GatewayError` with a stable code; the HTTP status and retryability follow from the code,
 * so no route decides them on its own.
 */

export interface ErrorCodeInfo {
  readonly status: number;
  /** Whether a caller (or the gateway's own retry loop, for upstream codes) may try again. */
  readonly retryable: boolean;
}

export const errorCodes = {
  invalid_request: { status: 400, retryable: false },
  invalid_conversation: { status: 400, retryable: false },
  unsupported_content: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  not_found: { status: 404, retryable: false },
  unknown_model: { status: 404, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_modality: { status: 422, retryable: false },
  attachment_fetch_failed: { status: 422, retryable: false },
  rate_limited: { status: 429, retryable: true },
  internal_error: { status: 500, retryable: false },
  upstream_error: { status: 502, retryable: true },
  service_unavailable: { status: 503, retryable: true },
  upstream_timeout: { status: 504, retryable: true },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof errorCodes;

/** One problem inside a request, located by a dotted path (`inference_params.temperature`). */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export interface GatewayErrorOptions {
  /** zod/Ajv issues, or for upstream errors the vendor's status and body. */
  readonly details?: readonly unknown[];
  /** Extra response headers, e.g. `Retry-After` for 429. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly unknown[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }

  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** The JSON envelope every error response carries (SPEC §5). */
export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    request_id: string;
    details: readonly unknown[];
  };
}

export function toErrorEnvelope(error: GatewayError, requestId: string): ErrorEnvelope {
  return {
    error: { code: error.code, message: error.message, request_id: requestId, details: error.details },
  };
}
